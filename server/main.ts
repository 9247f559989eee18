/**
 * `npm start`: reads the configuration, starts the server, and stops it
 * cleanly on SIGTERM or SIGINT: no new connections, the work in flight
 * finishes and is answered (up to 10 s), WebSockets close with 1001, the
 * store closes, and the process exits 0. A second signal stops it at once.
 */
import 'dotenv/config';
import { loadConfig } from './config.js';
import { SHUTDOWN_GRACE_MS, startServer } from './index.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`Flask-Chat cannot start: ${(error as Error).message}`);
  process.exit(1);
}

try {
  const server = await startServer(config);
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
  console.error(`Flask-Chat cannot start: ${(error as Error).message}`);
  process.exit(1);
}
