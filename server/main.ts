// `rollcall serve`: read config, open the database, migrate, start HTTP and the job workers.
// SIGTERM/SIGINT: stop taking requests, let jobs in hand finish, close storage (never waiting
// on a hung path), close the database.
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { buildContext } from './context.js';
import { createLogger } from './logger.js';

export async function serve(): Promise<Server> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const ctx = await buildContext(config, logger);
  const app = createApp(ctx);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.on('error', reject);
  });
  ctx.jobs.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, host: config.host, database: config.databaseUrl ? 'postgresql' : 'sqlite', volumes: config.storageVolumes.map((v) => v.name) }, 'rollcall listening');
  process.stdout.write(`\nRollcall is running: ${config.baseUrl === `http://${config.host}:${config.port}` ? `http://${config.host}:${port}` : config.baseUrl}/\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 30_000);
    forced.unref();
    server.close();
    server.closeIdleConnections();
    await ctx.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return server;
}
