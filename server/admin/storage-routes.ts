// The storage page: every volume and path (state, probe latency, free space, last good probe,
// pending repairs), a latency chart over the last hour, and a button that starts `verify`.
// It refreshes itself every 15 s (a meta refresh, no script) and never touches a mount: it reads
// the storage library's in-memory health, the repair counts and the samples from the database,
// so it answers while a mount hangs.
import { Router, type RequestHandler } from 'express';
import { assertSessionCsrf, signedIn } from '../auth/guard.js';
import { paths } from '../paths.js';
import type { AuditLog } from './audit.js';
import { truncatedAddress } from '../http/client-address.js';
import { latencyChart } from './latency-chart.js';
import type { AdminPage } from './page.js';
import { lastHour } from './storage-samples.js';
import type { TaskRow, VerifyTasks } from './verify-task.js';
import type { Clock } from '../clock.js';
import type { CsrfTokens } from '../http/csrf.js';
import type { Db } from '../db/connect.js';
import type { ReplicatedStorage } from '@rollcall/storage';

export const REFRESH_SECONDS = 15;

function bytes(n: number | null): string | null {
  if (n === null || n === undefined) return null;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

function ago(iso: string | null, now: number): string | null {
  if (!iso) return null;
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

/** What storageRoutes uses, and nothing else. */
export interface StorageRoutesDeps {
  db: Db;
  clock: Clock;
  csrf: CsrfTokens;
  storage: ReplicatedStorage;
}

export function storageRoutes(
  { db, clock, csrf, storage }: StorageRoutesDeps,
  page: AdminPage,
  audit: AuditLog,
  tasks: VerifyTasks,
  staff: RequestHandler,
  adminOnly: RequestHandler,
): Router {
  const router = Router();

  router.get(paths.admin.storage, staff, async (req, res) => {
    const refreshOff = req.query.refresh === 'off';
    const now = clock.now();
    const status = await storage.status();
    const allPaths = status.volumes.flatMap((v) => v.paths.map((p) => ({ volume: v.name, path: p.path })));
    const chart = latencyChart(await lastHour(db, now), allPaths, now);
    const label = new Map(chart.series.map((s) => [s.path, s]));
    const writable = status.volumes.filter((v) => v.writable).length;
    const everyPathUp = status.volumes.every((v) => v.paths.every((p) => p.state === 'up'));
    const overall = !status.hasWriteQuorum ? 'down' : everyPathUp ? 'ok' : 'degraded';
    const taskRows = await tasks.latest();
    page(res, 'storage.njk', {
      // WCAG 2.2.1: the page says it refreshes and offers to stop it.
      refreshSeconds: refreshOff ? null : REFRESH_SECONDS,
      refreshEvery: REFRESH_SECONDS,
      refreshToggleHref: refreshOff ? paths.admin.storage : `${paths.admin.storage}?refresh=off`,
      overall,
      writable,
      status,
      volumes: status.volumes.map((v) => ({
        name: v.name,
        writable: v.writable,
        pending: status.pendingRepairs[v.name] ?? 0,
        paths: v.paths.map((p) => ({
          ...p,
          label: label.get(p.path)?.label,
          dash: label.get(p.path)?.dash,
          free: bytes(p.freeBytes),
          lastGoodAgo: ago(p.lastGoodProbeAt, now),
        })),
      })),
      chartSvg: chart.svg,
      series: chart.series,
      tasks: taskRows.map((t: TaskRow) => ({
        ...t,
        started: new Date(Number(t.started_at)).toISOString().replace('T', ' ').slice(0, 19),
        report: t.report ? JSON.parse(t.report) : null,
      })),
      running: taskRows.some((t) => t.status === 'running'),
      generatedAt: new Date(now).toISOString().replace('T', ' ').slice(0, 19),
    });
  });

  router.post(paths.admin.storageVerify, adminOnly, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const who = signedIn(res)!.user;
    const repair = body.repair === 'yes';
    const id = await tasks.start(who.id, repair);
    if (id !== null)
      await audit.record(who, 'storage_verify', `task ${id}`, truncatedAddress(req.ip), repair ? 'check and repair' : 'check only');
    res.redirect(303, `${paths.admin.storage}${id === null ? '?busy=1' : ''}#verify`);
  });

  return router;
}
