/**
 * `npm start`: reads the configuration, starts the server, and stops it
 * cleanly on SIGTERM or SIGINT.
 */
import 'dotenv/config';
import { loadConfig } from './config.js';
import { startServer } from './index.js';

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
    const forced = setTimeout(() => process.exit(1), 10_000);
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
