import cluster from 'node:cluster';
import {
  announceReady,
  inCluster,
  isFirstWorker,
  runPrimary,
  workerMetrics,
  workerPeers,
} from './cluster.ts';
import { compose } from './compose.ts';
import { ConfigError, loadConfig } from './config.ts';
import { UnwritableDataError } from './db/dialects/sqlite.ts';
import { createLogger } from './lib/log.ts';

/**
 * What an operator can fix, said in one line (a folder not writable, a full disk, a database
 * that cannot be reached, a port taken); `null` for anything else, which is our bug and keeps its stack.
 */
export function bootFailure(err: unknown): string | null {
  if (err instanceof UnwritableDataError) return err.message;
  if (!(err instanceof Error)) return null;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (/^SQLITE_(CANTOPEN|READONLY|FULL|IOERR|CORRUPT|NOTADB|BUSY)/.test(code)) {
    return `the SQLite database cannot be used: ${err.message} (${code})`;
  }
  if (
    /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ECONNRESET)$/.test(code) ||
    /^(28|3D|53)/.test(code)
  ) {
    return `the database cannot be reached: ${err.message || code} (${code})`;
  }
  if (code === 'EADDRINUSE' || code === 'EACCES') return `cannot listen: ${err.message}`;
  if (code === 'ENOSPC' || code === 'EROFS') return `cannot write: ${err.message}`;
  return null;
}

/**
 * Boot: configuration → (with `WORKERS` > 1, the primary starts the workers and stops here)
 * → wiring → demo content on an empty site → listen; SIGTERM closes cleanly.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (config.workers > 1 && cluster.isPrimary) {
    // This process only starts, watches and stops the workers (cluster.ts).
    process.exitCode = await runPrimary(
      config.workers,
      createLogger({ level: config.logLevel, format: config.logFormat }),
      {
        ...(config.metricsPort !== null
          ? { metrics: { port: config.metricsPort, host: config.metricsHost } }
          : {}),
      },
    );
    return;
  }
  const composed = await compose(
    config,
    inCluster() ? { peers: workerPeers(), aggregateMetrics: workerMetrics } : {},
  );
  const { app, services } = composed;
  const first = isFirstWorker();
  if (first && config.demo && (await services.seed.isEmpty())) {
    app.log.info('empty site: creating the demo newsroom (first start only)');
    const started = Date.now();
    const { stories } = await services.seed.seedDemo();
    app.log.info({ stories, ms: Date.now() - started }, 'demo newsroom ready');
  }
  composed.start();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await composed.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A worker whose primary is gone (killed) stops too, instead of serving on unwatched.
  if (inCluster()) process.on('disconnect', () => void shutdown('primary gone'));

  await app.listen({ port: config.port, host: config.host });
  announceReady();
  if (!first) return;
  const where = `http://localhost:${(app.server.address() as { port: number }).port}`;
  app.log.info(`Shpalta is serving ${config.siteName} at ${where} (public URL ${config.publicUrl})`);
  const firstRun = await services.users.needsSetup();
  app.log.info(
    `Newsroom desk: ${where}/admin${firstRun ? ' (no account yet: create the owner there, or run `npm run cli -- user create --email … --role owner`)' : ''}`,
  );
  if (!config.adminApiKey) {
    app.log.info('Admin API: set ADMIN_API_KEY or run `npm run cli -- api-key create <name>` to get a key');
  }
}

main().catch((err) => {
  const reason = bootFailure(err);
  process.stderr.write(
    reason
      ? `Shpalta cannot start: ${reason}\n`
      : `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
