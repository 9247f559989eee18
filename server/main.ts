/**
 * `npm start`: reads the configuration, starts the server, and stops it
 * cleanly on SIGTERM or SIGINT: no new connections, the work in flight
 * finishes and is answered (up to 10 s), WebSockets close with 1001, the
 * store closes, and the process exits 0. A second signal stops it at once.
 */
import 'dotenv/config';
import { loadConfig, type Config } from './config.js';
import { routeConsoleToLog } from './console-to-log.js';
import { SHUTDOWN_GRACE_MS, startServer } from './index.js';
import { createLogger } from './logger.js';

/** A start-up failure, for the person who started it: plain text on stderr, not a log entry. */
function cannotStart(error: unknown): never {
  process.stderr.write(`Flask-Chat cannot start: ${(error as Error).message}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  cannotStart(error);
}

try {
  const log = createLogger(config.logLevel);
  routeConsoleToLog(log);
  const server = await startServer(config, log);
  const stop = (signal: string) => {
    server.log.info({ signal }, 'shutting down');
    // The grace period bounds the drain; this bounds everything after it
    // (closing Redis, PostgreSQL), so that a stuck close cannot hang a deploy.
    const forced = setTimeout(() => {
      server.log.error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS + 5_000);
    forced.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  cannotStart(error);
}
