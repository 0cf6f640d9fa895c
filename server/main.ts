// `rollcall serve`: read config, open the database, migrate, start HTTP and the job workers.
// With WORKERS=N the primary process forks N identical workers (node's cluster) sharing the port,
// and re-forks one that dies. SIGTERM/SIGINT: drain (/readyz 503 while still serving, for
// DRAIN_SECONDS), stop taking requests, let jobs in hand finish (or their leases expire for another
// node), close storage (never waiting on a hung path), close the DB.
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { createHttpServer } from './http/http-server.js';
import { createApp } from './app.js';
import { CliError } from './cli/exit.js';
import { loadConfig, type Config } from './config.js';
import { buildContext } from './context.js';
import { migrateLatest, openConfiguredDb } from './db/connect.js';
import { createLogger, type Logger } from './logger.js';

export async function serve(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) return supervise(config, logger);
  await serveOne(config, logger);
}

function publicUrl(config: Config, port: number): string {
  return config.baseUrl === `http://${config.host}:${config.port}` ? `http://${config.host}:${port}` : config.baseUrl;
}

async function serveOne(config: Config, logger: Logger): Promise<Server> {
  const ctx = await buildContext(config, logger);
  const app = createApp(ctx);
  let server: Server;
  try {
    server = await listen(createHttpServer(app, config.requestTimeoutMs), config.port, config.host);
  } catch (error) {
    // Nothing has started yet but what buildContext opened: close it, so the process can end.
    await ctx.close();
    const message = bindProblem(error as NodeJS.ErrnoException, config.host, config.port);
    if (ctx.storage.stuckWorkers() > 0) {
      // a mount hung as well: say why we stop, then end the only way a stuck thread allows
      process.stderr.write(`${message}\n`);
      exitEvenIfAMountHangs(ctx.storage.stuckWorkers(), logger);
    }
    if (cluster.isWorker) {
      // The primary says it (once for all workers) and stops, instead of forking this one again and again.
      await new Promise<void>(
        (resolve) => process.send?.({ rollcall: 'bind-failed', message }, undefined, {}, () => resolve()) ?? resolve(),
      );
      process.exit(1);
    }
    throw new CliError(message);
  }
  // Background work starts once the port is ours; ctx.close() stops it in the reverse order.
  ctx.admin.samples.start();
  ctx.jobs.runner.start();
  ctx.jobs.maintenance.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { port, host: config.host, database: config.databaseUrl ? 'postgresql' : 'sqlite', volumes: config.storageVolumes.map((v) => v.name) },
    'rollcall listening',
  );
  if (cluster.isPrimary) process.stdout.write(`\nRollcall is running: ${publicUrl(config, port)}/\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Drain first (drain.ts): /readyz says 503 so the balancer takes this node out, while what is in
    // flight and what still arrives is served; then stop listening. The forced exit waits for both.
    ctx.http.drain.start();
    logger.info({ signal, drainSeconds: config.drainMs / 1000 }, config.drainMs > 0 ? 'draining, then shutting down' : 'shutting down');
    const forced = setTimeout(() => process.exit(1), 30_000 + config.drainMs);
    forced.unref();
    if (config.drainMs > 0) await new Promise((resolve) => setTimeout(resolve, config.drainMs));
    server.close();
    server.closeIdleConnections();
    await ctx.close();
    exitEvenIfAMountHangs(ctx.storage.stuckWorkers(), logger);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return server;
}

/**
 * Binds the port and resolves once it is ours. Not express's app.listen: express 5 hands a bind
 * error to the listen callback, which then looks like success (and "running" was printed while
 * whatever held the port answered the URL).
 */
function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** One line an operator can act on, for the errors a bind meets in practice. */
export function bindProblem(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is in use: stop what holds it or set PORT`;
    case 'EACCES':
      return `port ${port} on ${host} is not allowed to this user (ports below 1024 need privileges): set PORT to 1024 or more`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${host}: no network interface of this machine has that address: set HOST (127.0.0.1, 0.0.0.0 or one of its addresses)`;
    default:
      return `cannot listen on port ${port} on ${host}: ${error.message}`;
  }
}

/**
 * Node waits for every thread at exit, and a worker blocked on a hung mount never returns: a
 * plain exit would hang as long as the mount does. SIGKILL to ourselves ends the process (a thread
 * in uninterruptible D state holds even that until the kernel lets go).
 */
export function exitEvenIfAMountHangs(stuckWorkers: number, logger: Logger): never {
  if (stuckWorkers > 0) {
    logger.warn({ stuckWorkers }, 'storage workers are stuck on a hung mount: ending the process with SIGKILL');
    process.kill(process.pid, 'SIGKILL');
  }
  process.exit(0);
}

/** The cluster primary: migrates once, forks the workers, replaces any that die. */
async function supervise(config: Config, logger: Logger): Promise<void> {
  // Migrate before forking, so N workers do not race to create the same tables.
  const db = openConfiguredDb(config);
  await migrateLatest(db);
  await db.destroy();
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < config.workers; i++) fork();
  let announced = false;
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    process.stdout.write(`\nRollcall is running: ${publicUrl(config, address.port)}/ (${config.workers} workers)\n\n`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting a new one');
    setTimeout(fork, 1000).unref();
  });
  const shutdown = (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping workers');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    const forced = setTimeout(() => process.exit(1), 35_000 + config.drainMs);
    forced.unref();
    const exitOnceAllGone = () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
    };
    cluster.on('exit', exitOnceAllGone);
    exitOnceAllGone();
  };
  // A worker that cannot bind the port: every other one would fail the same way, so say it once and stop.
  cluster.on('message', (_worker, message: { rollcall?: string; message?: string }) => {
    if (message?.rollcall !== 'bind-failed' || stopping) return;
    process.stderr.write(`${message.message}\n`);
    shutdown('bind failed', 1);
  });
  process.on('SIGTERM', () => shutdown('SIGTERM', 0));
  process.on('SIGINT', () => shutdown('SIGINT', 0));
}
