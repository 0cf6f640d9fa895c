// npm run bench:voter — the web form as voters use it, on the embedded default: the real server as
// a child process and `--voters` browsers (JavaScript off, as the no-JS flow works) each going
// through start → eligibility → name → addresses → ID → party → review, GET then POST per step
// with the page's CSRF token, again and again for `--duration` seconds (closed loop: a voter
// starts the next registration when the last one is done). Each registration comes from its own
// address (X-Forwarded-For; the server is told to trust loopback), as real voters do, so the per-address
// limits apply as they would. Prints registrations completed per second, request latency and the
// server's CPU per registration. Figures only; nothing here asserts a time.
//
//   node dist/bench/voter.js [--voters 32] [--duration 20] [--out FILE.json] [--keep]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { registerOnTheWeb, sendPage, VoterFailed } from '../support/web-voter.js';
import { percentile } from '../support/load.js';
import { mib, RssSampler, startServer, treeCpuSeconds } from '../support/server-process.js';

const { values: args } = parseArgs({
  options: {
    voters: { type: 'string', default: '32' },
    duration: { type: 'string', default: '20' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

interface Tally {
  completed: number;
  requests: number;
  latencies: number[];
  failures: Map<string, number>;
}

/** One whole registration by one voter (support/web-voter.ts), each request timed. */
async function register(base: string, address: string, tally: Tally): Promise<void> {
  await registerOnTheWeb(base, address, async (url, init) => {
    const started = performance.now();
    const answer = await sendPage(url, init);
    tally.latencies.push(performance.now() - started);
    tally.requests++;
    return answer;
  });
  tally.completed++;
}

async function main(): Promise<void> {
  const voters = Number(args.voters);
  const durationS = Number(args.duration);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-voter-'));
  console.log(`# Rollcall web-voter benchmark — ${new Date().toISOString()}`);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `${voters} voters, closed loop, ${durationS} s; each registration is 14 requests (home, start, GET + POST of 6 steps); DATA_DIR=${dataDir}`,
  );
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    APP_KEY: crypto.randomBytes(32).toString('base64'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // each voter's address comes in X-Forwarded-For from this driver, on loopback
    TRUSTED_PROXIES: 'loopback',
  };
  const server = await startServer({ name: 'voter', env, logFile: path.join(dataDir, 'server.log') });
  const rss = new RssSampler(() => [{ label: 'server', pid: server.pid }]).start();
  const tally: Tally = { completed: 0, requests: 0, latencies: [], failures: new Map() };
  try {
    const cpu0 = treeCpuSeconds(server.pid);
    const startedAt = performance.now();
    const deadline = startedAt + durationS * 1000;
    let people = 0;
    const voter = async () => {
      while (performance.now() < deadline) {
        // Every registration is another person at another address, as on election day.
        const n = people++;
        const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        try {
          await register(server.url, address, tally);
        } catch (err) {
          const reason = err instanceof VoterFailed ? err.message : String((err as Error).cause ?? (err as Error).message);
          tally.failures.set(reason, (tally.failures.get(reason) ?? 0) + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: voters }, () => voter()));
    const elapsedS = (performance.now() - startedAt) / 1000;
    const cpuS = treeCpuSeconds(server.pid) - cpu0;
    const figures = {
      voters,
      seconds: elapsedS,
      completedPerS: tally.completed / elapsedS,
      requestsPerS: tally.requests / elapsedS,
      p50Ms: percentile(tally.latencies, 50),
      p99Ms: percentile(tally.latencies, 99),
      serverCpuMsPerRegistration: tally.completed ? (cpuS * 1000) / tally.completed : null,
      failures: Object.fromEntries(tally.failures),
    };
    console.log(
      `completed ${tally.completed} registrations in ${elapsedS.toFixed(1)} s = ${figures.completedPerS.toFixed(1)}/s (${figures.requestsPerS.toFixed(0)} requests/s); ` +
        `request latency p50 ${figures.p50Ms.toFixed(1)} ms, p99 ${figures.p99Ms.toFixed(1)} ms; server CPU ${figures.serverCpuMsPerRegistration?.toFixed(1) ?? '-'} ms per registration`,
    );
    console.log(`failures: ${tally.failures.size ? JSON.stringify(figures.failures) : 'none'}`);
    rss.stop();
    for (const s of rss.samples.values()) console.log(`RSS ${s.label}: first ${mib(s.first)}, peak ${mib(s.peak)}, last ${mib(s.last)}`);
    if (args.out) fs.writeFileSync(args.out, JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2));
    process.exitCode = tally.completed > 0 && tally.failures.size === 0 ? 0 : 1;
  } finally {
    rss.stop();
    await server.stop();
    if (!args.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
