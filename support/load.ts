// An open-loop load driver: sends POST /api/v1/registrations at a fixed rate for a bounded time,
// whatever the server's latency (a closed loop would slow down with the server and hide queueing).
// Latency is measured from the moment a request was DUE, so a driver or server that falls behind
// shows up in the figures (no coordinated omission). Bounded: at most rate × duration requests,
// at most `maxInFlight` at once (beyond that a request is counted as `skipped`, never queued), and
// every request has a timeout.
import http from 'node:http';

export interface Target {
  name: string;
  /** http://host:port */
  url: string;
}

export interface Sent {
  seq: number;
  /** The target the first attempt went to. */
  target: string;
  /** The target that gave the final answer (another one after a connection error, when there are several). */
  answeredBy: string;
  /** ms since the start of the run at which the request was due. */
  dueMs: number;
  latencyMs: number;
  /** The final answer's status (0: no answer: connection error or timeout). */
  status: number;
  /** The final answer's Retry-After, in seconds, when it had one. */
  retryAfterS?: number;
  /** The registration's id when accepted (201). */
  id?: string;
  error?: string;
  /** Requests sent for this registration (more than 1 when a 503 or a connection error was retried). */
  attempts: number;
  /** The Idempotency-Key every attempt carried. */
  key: string;
  /** 503 answers (load shed) received before the final answer. */
  shed: number;
  /** Connection errors and timeouts retried before the final answer. */
  connectionErrors: number;
  /** Answers other than 201 and 503 received on the way (the final one included). */
  otherErrors: number;
  /** The 201 said Idempotent-Replayed: an earlier attempt, whose answer was lost, had made it. */
  replayed: boolean;
}

export interface LoadOptions {
  targets: Target[];
  apiKey: string;
  rate: number;
  durationS: number;
  body: (seq: number) => Record<string, unknown>;
  maxInFlight?: number;
  timeoutMs?: number;
  /** First sequence number (so several runs on one database give distinct voters). */
  seqStart?: number;
  /**
   * Retry, as a well-behaved client does, with the same Idempotency-Key (so a retry never makes a
   * second registration): a 503 (the server shedding load) after its Retry-After, with jitter and
   * growing waits; a connection error or timeout (a node killed, a reset keep-alive connection)
   * at once on the next target, then with growing waits. Until this many ms after the request was
   * due, and at most `maxAttempts` tries; latency counts from the first due time (what the voter
   * lived through). Off when unset: one try.
   */
  retryForMs?: number;
  /** Most tries per registration when retrying (default 20). */
  maxAttempts?: number;
  /** Prefix of the Idempotency-Keys (default: random per run). */
  keyPrefix?: string;
  /** Called once a second with the running totals. */
  onSecond?: (second: number, totals: { sent: number; ok: number; failed: number; inFlight: number; waiting: number }) => void;
}

export interface LoadResult {
  sent: Sent[];
  skipped: number;
  wallS: number;
}

export interface PostAnswer {
  status: number;
  text: string;
  retryAfterS?: number;
  /** The answer carried Idempotent-Replayed: true. */
  replayed: boolean;
}

export function post(
  agent: http.Agent,
  url: string,
  path: string,
  apiKey: string,
  body: string,
  timeoutMs: number,
  extraHeaders: Record<string, string> = {},
): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        authorization: `Bearer ${apiKey}`,
        ...extraHeaders,
      },
      timeout: timeoutMs,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      const retryAfter = Number(res.headers['retry-after']);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          retryAfterS: Number.isFinite(retryAfter) ? retryAfter : undefined,
          replayed: res.headers['idempotent-replayed'] === 'true',
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Wait before retry n (1-based): a 503's Retry-After, or 200 ms after a connection error, doubled per try, ×0.5–1.5. */
export function retryDelayMs(n: number, retryAfterS: number | undefined, afterConnectionError: boolean): number {
  const base = afterConnectionError ? 200 : (retryAfterS ?? 1) * 1000;
  return Math.min(30_000, base * 2 ** Math.min(n - 1, 4)) * (0.5 + Math.random());
}

export function getJson(agent: http.Agent, url: string, apiKey: string, timeoutMs = 10_000): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, headers: { authorization: `Bearer ${apiKey}` }, timeout: timeoutMs });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Open loop at `rate`/s for `durationS` s, round-robin over the targets. */
export async function runOpenLoop(options: LoadOptions): Promise<LoadResult> {
  const total = Math.round(options.rate * options.durationS);
  const maxInFlight = options.maxInFlight ?? 4000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const seqStart = options.seqStart ?? 0;
  // One connection per request in flight, as that many voters would have: a request never waits
  // in the driver's own queue, so the server sees (and may shed) the whole offered load.
  const agents = options.targets.map(() => new http.Agent({ keepAlive: true, maxSockets: maxInFlight }));
  const sent: Sent[] = [];
  let skipped = 0;
  let inFlight = 0;
  let waiting = 0; // 503s waiting for their retry
  const keyPrefix = options.keyPrefix ?? `bench-${Math.random().toString(36).slice(2, 10)}`;
  const maxAttempts = options.maxAttempts ?? 20;
  let next = 0;
  let ok = 0;
  let failed = 0;
  const start = performance.now();
  let lastSecond = 0;

  await new Promise<void>((finish) => {
    const maybeFinish = () => {
      if (next >= total && inFlight === 0 && waiting === 0) {
        clearInterval(timer);
        finish();
      }
    };
    const fire = (i: number, dueMs: number) => {
      const seq = seqStart + i;
      const t = i % options.targets.length;
      const target = options.targets[t]!;
      if (inFlight >= maxInFlight) {
        skipped++;
        return;
      }
      const body = JSON.stringify(options.body(seq));
      // One key per registration: a retried request can never make a second registration.
      const key = `${keyPrefix}-${seq}`;
      const headers = { 'idempotency-key': key };
      const counts = { shed: 0, connectionErrors: 0, otherErrors: 0 };
      const mayRetry = (n: number, latencyMs: number) =>
        options.retryForMs !== undefined && n < maxAttempts && latencyMs < options.retryForMs;
      const retryLater = (n: number, on: number, delayMs: number) => {
        waiting++;
        setTimeout(() => {
          waiting--;
          attempt(n + 1, on);
        }, delayMs);
      };
      const attempt = (n: number, on: number) => {
        inFlight++;
        const node = options.targets[on]!;
        post(agents[on]!, node.url, '/api/v1/registrations', options.apiKey, body, timeoutMs, headers)
          .then(
            ({ status, text, retryAfterS, replayed }) => {
              const latencyMs = performance.now() - start - dueMs;
              if (status === 503) counts.shed++;
              else if (status !== 201) counts.otherErrors++;
              if (status === 503 && mayRetry(n, latencyMs)) return retryLater(n, on, retryDelayMs(n, retryAfterS, false));
              let id: string | undefined;
              if (status === 201) {
                ok++;
                try {
                  id = (JSON.parse(text) as { id?: string }).id;
                } catch {
                  // counted by status; a 201 without an id shows up as a missing id below
                }
              } else failed++;
              sent.push({
                seq,
                target: target.name,
                answeredBy: node.name,
                dueMs,
                latencyMs,
                status,
                retryAfterS,
                id,
                error: status === 201 ? undefined : text.slice(0, 200),
                attempts: n,
                key,
                ...counts,
                replayed,
              });
            },
            (err: Error) => {
              const latencyMs = performance.now() - start - dueMs;
              counts.connectionErrors++;
              // The request may or may not have been committed: the same key makes the retry safe.
              const next = (on + 1) % options.targets.length;
              if (mayRetry(n, latencyMs))
                return retryLater(n, next, next !== on && counts.connectionErrors === 1 ? 0 : retryDelayMs(n, undefined, true));
              failed++;
              sent.push({
                seq,
                target: target.name,
                answeredBy: node.name,
                dueMs,
                latencyMs,
                status: 0,
                error: err.message,
                attempts: n,
                key,
                ...counts,
                replayed: false,
              });
            },
          )
          .finally(() => {
            inFlight--;
            maybeFinish();
          });
      };
      attempt(1, t);
    };
    const timer = setInterval(() => {
      const now = performance.now() - start;
      while (next < total && (next / options.rate) * 1000 <= now) {
        fire(next, (next / options.rate) * 1000);
        next++;
      }
      const second = Math.floor(now / 1000);
      if (second > lastSecond) {
        lastSecond = second;
        options.onSecond?.(second, { sent: next, ok, failed, inFlight, waiting });
      }
      maybeFinish();
    }, 2);
  });
  for (const a of agents) a.destroy();
  return { sent, skipped, wallS: (performance.now() - start) / 1000 };
}

/** A distinct, valid voter per sequence number (the API body of test/support/app-fixture.ts). */
export function voterBody(seq: number): Record<string, unknown> {
  const states = [
    { street: '1500 11th Street', city: 'Sacramento', state: 'CA', zip: '95814', idNumber: 'D1234567', party: 'democratic' },
    { street: '1100 Congress Avenue', city: 'Austin', state: 'TX', zip: '78701', idNumber: '12345678', party: undefined },
  ];
  const s = states[seq % 2]!;
  const body: Record<string, unknown> = {
    lang: seq % 5 === 0 ? 'es' : 'en',
    email: `voter${seq}@example.org`,
    dateOfBirth: `19${60 + (seq % 40)}-0${1 + (seq % 9)}-1${seq % 10}`,
    usCitizen: true,
    eighteenByElectionDay: true,
    firstName: `Maria ${letters(seq % 997)}`,
    lastName: `Garcia-${letters(seq)}`,
    homeAddress: { street: s.street, city: s.city, state: s.state, zip: s.zip },
    idNumber: s.idNumber,
    attest: true,
    source: 'bench',
  };
  if (s.party) body.party = s.party;
  if (s.state === 'CA') body.race = 'hispanic';
  return body;
}

/** 0 → "A", 25 → "Z", 26 → "BA": names may not hold digits. */
function letters(n: number): string {
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out.charAt(0) + out.slice(1).toLowerCase();
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
