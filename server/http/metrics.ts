// Prometheus metrics (prom-client), one registry per app so tests don't share counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PathState, StorageEvent } from '@rollcall/storage';

const PATH_STATES: PathState[] = ['up', 'slow', 'failed', 'hung', 'full', 'unknown'];

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  registrationsAccepted: Counter<'channel'>;
  /** Web registrations submitted faster than a person can (registrations/pace.ts): accepted, flagged for review. */
  registrationsTooFast: Counter;
  requestsShed: Counter;
  requestsRefusedPerClient: Counter;
  onStorageEvent(event: StorageEvent): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'rollcall_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const registrationsAccepted = new Counter({
    name: 'rollcall_registrations_accepted_total',
    help: 'Registrations accepted',
    labelNames: ['channel'],
    registers: [registry],
  });
  const registrationsTooFast = new Counter({
    name: 'rollcall_registrations_too_fast_total',
    help: 'Web registrations submitted faster than a person can (accepted, flagged for staff review)',
    registers: [registry],
  });
  const requestsShed = new Counter({
    name: 'rollcall_http_requests_shed_total',
    help: 'Requests answered 503 because the process had too many in flight',
    registers: [registry],
  });
  const requestsRefusedPerClient = new Counter({
    name: 'rollcall_http_requests_refused_per_client_total',
    help: 'Requests answered 429 because their client already had MAX_IN_FLIGHT_PER_CLIENT open',
    registers: [registry],
  });
  const pathState = new Gauge({
    name: 'rollcall_storage_path_state',
    help: '1 for the current state of each storage path',
    labelNames: ['volume', 'path', 'state'],
    registers: [registry],
  });
  const opDuration = new Histogram({
    name: 'rollcall_storage_operation_duration_seconds',
    help: 'Storage operation latency by volume, path, operation and outcome',
    labelNames: ['volume', 'path', 'op', 'outcome'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const repairsQueued = new Counter({
    name: 'rollcall_storage_repairs_queued_total',
    help: 'Copies queued for repair',
    labelNames: ['volume'],
    registers: [registry],
  });
  const tempFilesSwept = new Counter({
    name: 'rollcall_storage_temp_files_removed_total',
    help: 'Temp files left by interrupted writes, removed by the sweep',
    labelNames: ['volume'],
    registers: [registry],
  });
  const repairsDone = new Counter({
    name: 'rollcall_storage_repairs_done_total',
    help: 'Copies repaired',
    labelNames: ['volume', 'source'],
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    registrationsAccepted,
    registrationsTooFast,
    requestsShed,
    requestsRefusedPerClient,
    onStorageEvent(event) {
      switch (event.type) {
        case 'path_state':
          for (const s of PATH_STATES) pathState.set({ volume: event.volume, path: event.path, state: s }, s === event.to ? 1 : 0);
          break;
        case 'op':
          opDuration.observe({ volume: event.volume, path: event.path, op: event.op, outcome: event.outcome }, event.ms / 1000);
          break;
        case 'repair_queued':
          repairsQueued.inc({ volume: event.volume });
          break;
        case 'repaired':
          repairsDone.inc({ volume: event.volume, source: event.source });
          break;
        case 'repair_failed':
          break;
        case 'swept':
          tempFilesSwept.inc({ volume: event.volume }, event.removed);
          break;
      }
    },
  };
}
