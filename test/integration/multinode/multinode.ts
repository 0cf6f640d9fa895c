// Three Rollcall nodes on loopback ports, one PostgreSQL database, the same APP_KEY and the same
// storage volumes (two directories every node writes, standing in for the Gluster mounts; set
// MULTINODE_VOLUMES to a STORAGE_VOLUMES JSON of real mounts to use those, and
// MULTINODE_NODE_VOLUMES to a JSON array of three such settings to give each node its own mounts
// of the same volumes, as on three machines — run.sh does that on a real Gluster volume). A bounded open-loop
// driver sends registrations round-robin; node 2 is SIGKILLed under load and restarted later.
// Then, for every registration a node answered 201:
//   - it reaches pdf_ready, its job is done (none dead), and its PDF is on at least the write
//     quorum of volumes with the sha256 the database holds;
//   - re-rendering it from the database gives exactly the stored bytes (checked for every
//     registration whose job ran more than once, and a sample of the rest);
// and the surviving nodes answered every request sent to them, before, during and after the kill.
// Exit code 0 when every check holds. Run through run.sh (starts PostgreSQL, makes the database).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../server/config.js';
import { buildContext } from '../../../server/context.js';
import { createLogger } from '../../../server/logger.js';
import { watchPostgres, waitForDrain, waitForJobs } from '../../../support/db-watch.js';
import http from 'node:http';
import { post, retryDelayMs, runOpenLoop, voterBody, type Sent } from '../../../support/load.js';
import { outcomes } from '../../../support/outcomes.js';
import { createPartner, startServer, type ServerProcess } from '../../../support/server-process.js';
import { freePort } from '../../support/free-port.js';

const DATABASE_URL = process.env.DATABASE_URL;
const RATE = Number(process.env.MULTINODE_RATE ?? 45);
const LOAD_S = Number(process.env.MULTINODE_SECONDS ?? 40);
const KILL_AT_S = Number(process.env.MULTINODE_KILL_AT ?? 10);
const RESTART_AT_S = Number(process.env.MULTINODE_RESTART_AT ?? 25);
const DRAIN_TIMEOUT_MS = Number(process.env.MULTINODE_DRAIN_MS ?? 100_000);
/** How long the due jobs (the voters' confirmations, after the renders) may take to go once the renders are done. */
const JOBS_TIMEOUT_MS = Number(process.env.MULTINODE_JOBS_MS ?? 60_000);
const HARD_LIMIT_S = Number(process.env.MULTINODE_HARD_LIMIT_S ?? 220);
const BURST = Number(process.env.MULTINODE_BURST ?? 120);
const SAMPLE = Number(process.env.MULTINODE_RERENDER_SAMPLE ?? 150);

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

interface Keyed {
  key: string;
  status: number;
  id?: string;
  tries: number;
  replayed: boolean;
}

/** One registration sent with its Idempotency-Key; a connection error is retried on the next URL, same key. */
async function postKeyed(
  agent: http.Agent,
  urls: string[],
  apiKey: string,
  body: Record<string, unknown>,
  key: string,
  maxTries = 6,
): Promise<Keyed> {
  for (let n = 1; ; n++) {
    try {
      const r = await post(agent, urls[(n - 1) % urls.length]!, '/api/v1/registrations', apiKey, JSON.stringify(body), 20_000, {
        'idempotency-key': key,
      });
      return {
        key,
        status: r.status,
        id: r.status === 201 ? (JSON.parse(r.text) as { id: string }).id : undefined,
        tries: n,
        replayed: r.replayed,
      };
    } catch {
      if (n >= maxTries) return { key, status: 0, tries: n, replayed: false };
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(n, undefined, true)));
    }
  }
}

const log = (msg: string) => console.log(`[multinode ${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function main(): Promise<number> {
  assert.ok(DATABASE_URL, 'DATABASE_URL (postgres://…) is required; run test/integration/multinode/run.sh');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-multinode-'));
  const volumes: Array<{ name: string; paths: string[] }> = process.env.MULTINODE_VOLUMES
    ? JSON.parse(process.env.MULTINODE_VOLUMES)
    : [
        { name: 'a', paths: [path.join(dir, 'shared-a')] },
        { name: 'b', paths: [path.join(dir, 'shared-b')] },
      ];
  for (const v of volumes) for (const p of v.paths) fs.mkdirSync(p, { recursive: true });
  const quorum = Math.floor(volumes.length / 2) + 1;
  const baseEnv: Record<string, string> = {
    DATABASE_URL: DATABASE_URL!,
    STORAGE_VOLUMES: JSON.stringify(volumes),
    APP_KEY: crypto.randomBytes(32).toString('base64'),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JOB_WORKERS: '4',
    PDF_THREADS: '1',
  };
  const ports = [await freePort(), await freePort(), await freePort()];
  const runKey = `multinode-${crypto.randomBytes(4).toString('hex')}`;
  // Each node's own mounts of the same volumes (the checker reads through MULTINODE_VOLUMES).
  const perNode = process.env.MULTINODE_NODE_VOLUMES ? (JSON.parse(process.env.MULTINODE_NODE_VOLUMES) as unknown[]) : null;
  assert.ok(!perNode || perNode.length === 3, 'MULTINODE_NODE_VOLUMES: one STORAGE_VOLUMES setting per node (3)');
  const nodeEnv = (i: number) => ({
    ...baseEnv,
    ...(perNode ? { STORAGE_VOLUMES: JSON.stringify(perNode[i]) } : {}),
    PORT: String(ports[i]),
    DATA_DIR: path.join(dir, `node${i + 1}`),
  });
  const nodes: Array<ServerProcess | null> = [null, null, null];
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures.push(what);
  };

  // Bounded whatever happens: on SIGTERM/SIGINT or after HARD_LIMIT_S, kill our nodes (by pid) and exit 1.
  const abort = (why: string) => {
    log(`aborting: ${why}`);
    for (const n of nodes) if (n) n.child.kill('SIGKILL');
    process.exit(1);
  };
  process.once('SIGTERM', () => abort('SIGTERM'));
  process.once('SIGINT', () => abort('SIGINT'));
  setTimeout(() => abort(`still running after ${HARD_LIMIT_S} s`), HARD_LIMIT_S * 1000).unref();

  try {
    const partner = createPartner({ ...nodeEnv(0) }, 'Multinode Org'); // also runs the migrations once
    const start = async (i: number) => {
      const n = await startServer({ name: `node${i + 1}`, env: nodeEnv(i), logFile: path.join(dir, `node${i + 1}.log`) });
      if (process.env.MULTINODE_PIDFILE) fs.appendFileSync(process.env.MULTINODE_PIDFILE, `${n.pid}\n`);
      return n;
    };
    const started = await Promise.all([0, 1, 2].map(start));
    started.forEach((n, i) => (nodes[i] = n));
    log(`three nodes up: ${started.map((n) => `${n.name} ${n.url} pid ${n.pid}`).join(', ')}`);
    const targets = started.map((n) => ({ name: n.name, url: n.url }));

    let killedAt = NaN;
    let restartedAt = NaN;
    const t0 = performance.now();
    // Just before the kill, a burst of registrations straight to node2, so that it dies holding
    // claimed, unfinished render jobs (its own enqueues wake its runner first). These count as
    // accepted registrations like the others.
    const burst: Keyed[] = [];
    const burstDone: Array<Promise<void>> = [];
    const burstAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    // A client whose request to node2 dies with it retries on the other nodes with the same key.
    const burstUrls = () => [nodes[1]!.url, nodes[2]!.url, nodes[0]!.url];
    const burster = setTimeout(
      () => {
        for (let i = 0; i < BURST; i++)
          burstDone.push(
            postKeyed(burstAgent, burstUrls(), partner.apiKey, voterBody(1_000_000 + i), `${runKey}-burst-${i}`).then(
              (r) => void burst.push(r),
            ),
          );
      },
      KILL_AT_S * 1000 - 700,
    );
    let heldAtKill = -1;
    const watchAtKill = watchPostgres(DATABASE_URL!);
    let killedPid = -1;
    // Kill node2 the moment it holds claimed, unfinished jobs (polled from the database after the
    // burst starts; at the latest 3 s after the planned time), so the redo path is exercised on a
    // fast, idle machine too, not only when the timing happens to fall right.
    const killNode2 = () => {
      killedAt = performance.now() - t0;
      const pid = (killedPid = nodes[1]!.pid);
      log(`SIGKILL node2 (pid ${pid}) at ${(killedAt / 1000).toFixed(1)} s`);
      void nodes[1]!.kill().then(async () => {
        heldAtKill = await watchAtKill.runningBy(`:${pid}:`);
        log(`node2 died holding ${heldAtKill} claimed, unfinished job(s)`);
        await watchAtKill.close();
      });
    };
    const killer = setTimeout(
      async () => {
        const giveUpAt = performance.now() + 3000;
        while (performance.now() < giveUpAt && (await watchAtKill.runningBy(`:${nodes[1]!.pid}:`)) === 0) {
          await new Promise((r) => setTimeout(r, 5));
        }
        killNode2();
      },
      KILL_AT_S * 1000 - 650,
    );
    let restarted: Promise<void> = Promise.resolve();
    const restarter = setTimeout(() => {
      restarted = start(1).then(
        (n) => {
          nodes[1] = n;
          restartedAt = performance.now() - t0;
          log(`node2 restarted (pid ${n.pid}) at ${(restartedAt / 1000).toFixed(1)} s`);
        },
        (err: Error) => {
          failures.push(`node2 restart failed: ${err.message}`);
        },
      );
    }, RESTART_AT_S * 1000);
    const load = await runOpenLoop({
      targets,
      apiKey: partner.apiKey,
      rate: RATE,
      durationS: LOAD_S,
      body: voterBody,
      timeoutMs: 20_000,
      // Like a client behind a balancer: a request that dies with node2 is retried on the next
      // node, with its Idempotency-Key, so it is made once whether or not node2 had committed it.
      retryForMs: 60_000,
      keyPrefix: `${runKey}-load`,
      onSecond: (s, t) => {
        if (s % 10 === 0) log(`t=${s}s sent ${t.sent} accepted ${t.ok} failed ${t.failed}`);
      },
    });
    clearTimeout(killer);
    clearTimeout(restarter);
    clearTimeout(burster);
    await Promise.all(burstDone); // the burst's retries on the other nodes end too (bounded: 6 tries)
    burstAgent.destroy();
    // The restart may still be under way on a busy machine (startServer gives up after 30 s).
    await restarted;
    // node2 answers after its restart: a few registrations straight to it, whatever the timing.
    const probeAgent = new http.Agent({ keepAlive: true });
    const probe: Keyed[] = [];
    for (let i = 0; i < 20 && nodes[1]!.pid !== killedPid; i++)
      probe.push(await postKeyed(probeAgent, [nodes[1]!.url], partner.apiKey, voterBody(2_000_000 + i), `${runKey}-probe-${i}`, 1));
    probeAgent.destroy();
    check(
      probe.length === 20 && probe.every((p) => p.status === 201),
      `node2 answers after its restart: ${probe.filter((p) => p.status === 201).length}/20 registrations sent to it answered 201`,
    );
    const burstOk = burst.filter((b) => b.status === 201 && b.id);
    const accepted: Array<{ id?: string; key: string }> = [
      ...load.sent.filter((s) => s.status === 201 && s.id),
      ...burstOk,
      ...probe.filter((p) => p.status === 201),
    ];
    log(
      `load over: ${load.sent.length} sent round-robin + ${burst.length} in node2's burst; ${accepted.length} accepted in all (${burstOk.length} of the burst), ${load.skipped} not sent`,
    );
    check(heldAtKill > 0, `node2 died holding claimed, unfinished jobs (${heldAtKill}): the redo path is exercised`);

    // The surviving nodes kept answering; node2 answered before the kill and after its restart.
    const byNode = (name: string, from: number, to: number) =>
      load.sent.filter((s) => s.target === name && s.dueMs >= from && s.dueMs < to);
    const errors = (list: Sent[]) => list.filter((s) => s.status !== 201);
    for (const name of ['node1', 'node3']) {
      const all = byNode(name, 0, Infinity);
      const during = byNode(name, killedAt, restartedAt);
      check(
        errors(all).length === 0,
        `${name}: ${all.length - errors(all).length}/${all.length} answered 201 (${during.length} during node2's outage, ${errors(during).length} errors then)`,
      );
    }
    const before = byNode('node2', 0, killedAt - 1000);
    const outage = byNode('node2', killedAt - 1000, restartedAt);
    const after = byNode('node2', restartedAt + 500, Infinity);
    check(errors(before).length === 0, `node2 before the kill: ${before.length - errors(before).length}/${before.length} answered 201`);
    const moved = outage.filter((s) => s.answeredBy !== 'node2');
    log(
      `node2 during its outage: ${outage.length} requests first sent to it; ${errors(outage).length} failed for good, ${moved.length} retried on another node after a connection error`,
    );
    const o = outcomes(load.sent);
    log(
      `retries (same Idempotency-Key): ${o.connectionErrors} connection errors/timeouts, ${o.shedAnswers} 503s; ${o.eventuallyAccepted} accepted on a retry, ${o.replayed} of them replays of a registration an unanswered try had made; burst: ${burst.filter((b) => b.tries > 1).length} retried elsewhere, ${burst.filter((b) => b.replayed).length} replays`,
    );
    check(
      o.gaveUp === 0 && o.otherErrors === 0,
      `every registration of the load was eventually answered 201 (${o.gaveUp} given up, ${o.otherErrors} answers other than 201/503)`,
    );
    check(
      errors(after).length === 0,
      `node2 after its restart, within the load: ${after.length - errors(after).length}/${after.length} answered 201`,
    );

    // Everything accepted is made durable: the killed node's claimed jobs are redone after their lease.
    const watch = watchPostgres(DATABASE_URL!);
    try {
      const drain = await waitForDrain(watch, DRAIN_TIMEOUT_MS);
      check(
        drain.drained,
        `render queue drained ${(drain.ms / 1000).toFixed(1)} s after the load (the killed node's leases expire within 30 s)`,
      );
      const rows = await watch.rows(accepted.map((s) => s.id!));
      check(rows.length === accepted.length, `every accepted registration is in the database (${rows.length}/${accepted.length})`);
      // No duplicate: every registration has its key (every request carried one), and each key
      // points to the very registration its 201 named, whichever node answered and however often.
      const stored = await watch.keyCounts();
      check(
        stored.registrations === stored.keys,
        `no duplicate registrations: ${stored.registrations} registrations, ${stored.keys} idempotency keys`,
      );
      const uidOfKey = await watch.uidsByKeyHash(accepted.map((s) => sha256(Buffer.from(s.key))));
      const mismatched = accepted.filter((s) => uidOfKey.get(sha256(Buffer.from(s.key))) !== s.id);
      check(
        mismatched.length === 0,
        `each key's registration is the one its 201 named (${accepted.length - mismatched.length}/${accepted.length})`,
      );
      const notReady = rows.filter((r) => r.status !== 'pdf_ready' || !r.pdf_sha256 || !r.pdf_key);
      check(notReady.length === 0, `every accepted registration is pdf_ready (${rows.length - notReady.length}/${rows.length})`);
      // The confirmations go out after the renders (voter mail); the reminders are scheduled days on.
      const settled = await waitForJobs(watch, JOBS_TIMEOUT_MS);
      const jobs = settled.jobs;
      check(
        settled.settled && !jobs.dead,
        `jobs: ${JSON.stringify(jobs)} (none dead, due or running ${(settled.ms / 1000).toFixed(1)} s after the drain; scheduled = reminders days away)`,
      );

      // Each PDF on at least the quorum of volumes, with the database's sha256.
      let short = 0;
      let corrupt = 0;
      for (const r of rows.filter((x) => x.pdf_key)) {
        let good = 0;
        for (const v of volumes) {
          const file = path.join(v.paths[0]!, r.pdf_key!);
          if (!fs.existsSync(file)) continue;
          if (sha256(fs.readFileSync(file)) === r.pdf_sha256) good++;
          else corrupt++;
        }
        if (good < quorum) short++;
      }
      check(
        short === 0 && corrupt === 0,
        `every PDF verified (sha256) on ≥ ${quorum} of ${volumes.length} volumes: ${short} short, ${corrupt} copies with other bytes`,
      );

      // Re-render from the database: the same bytes as the stored copy (nothing rendered twice into
      // different bytes). Every registration whose job ran more than once, plus a sample.
      const ctx = await buildContext(
        loadConfig({ ...baseEnv, JOB_WORKERS: '0', DATA_DIR: path.join(dir, 'checker') }),
        createLogger('silent'),
      );
      try {
        const redone = (await ctx.db('jobs').where({ kind: 'render_pdf' }).andWhere('attempts', '>', 1).select('payload')) as Array<{
          payload: string;
        }>;
        const redoneIds = new Set(redone.map((j) => Number((JSON.parse(j.payload) as { registrationId: number }).registrationId)));
        const uids = accepted.map((s) => s.id!);
        const sample = new Set(uids.filter((_, i) => i % Math.max(1, Math.floor(uids.length / SAMPLE)) === 0));
        const all = (await ctx.db('registrations').whereIn('uid', uids)) as Array<{ id: number; uid: string }>;
        const toCheck = all.filter((r) => redoneIds.has(r.id) || sample.has(r.uid));
        let same = 0;
        const differ: string[] = [];
        for (const r of toCheck) {
          const row = (await ctx.registrations.service.store.byId(r.id))!;
          const bytes = await ctx.registrations.pdfs.render(row);
          // The stored copy is the PDF sealed (deterministically: blob-cipher); storage.get checks its checksum.
          await ctx.storage.get(row.pdf_key!, row.pdf_sha256!);
          if (ctx.registrations.pdfs.matchesStored(row, bytes)) same++;
          else differ.push(row.uid);
        }
        check(
          differ.length === 0,
          `re-render equals the stored copy for ${same}/${toCheck.length} (all ${redoneIds.size} whose job ran more than once + a sample)`,
        );
        check(
          redoneIds.size >= heldAtKill,
          `jobs that ran more than once: ${redoneIds.size} (≥ the ${heldAtKill} node2 held when it died)`,
        );
      } finally {
        await ctx.close();
      }
    } finally {
      await watch.close();
    }

    // Graceful shutdown: SIGTERM, each node exits 0.
    const codes = await Promise.all(nodes.map((n) => n?.stop(30_000)));
    check(
      codes.every((c) => c === 0),
      `graceful shutdown on SIGTERM: exit codes ${JSON.stringify(codes)}`,
    );
  } catch (err) {
    failures.push(`error: ${(err as Error).stack ?? err}`);
    console.error(err);
  } finally {
    for (const n of nodes) await n?.kill();
    if (failures.length && process.env.MULTINODE_KEEP !== '0') log(`logs kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  log(failures.length ? `FAILED: ${failures.length} check(s)\n  ${failures.join('\n  ')}` : 'all checks passed');
  return failures.length ? 1 : 0;
}

process.exitCode = await main();
