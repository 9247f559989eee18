import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../server/config.js';
import { startServer, type RunningServer, type ServerOptions } from '../../server/index.js';
import { createLogger } from '../../server/logger.js';

export interface TestServer {
  readonly url: string;
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly config: Config;
  readonly server: RunningServer;
  /** Stops the server; the database stays until `dispose`. */
  stop(): Promise<void>;
  /** Stops the server and deletes its database. */
  dispose(): Promise<void>;
}

/** A fresh folder for a test's database, removed by `removeTempDir`. */
export const makeTempDir = (prefix = 'flask-chat-test-') => mkdtempSync(join(tmpdir(), prefix));
export const removeTempDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/**
 * Starts the real server in this process on a free port with a temporary
 * SQLite database (or the given DATABASE_URL). `env` overrides any setting,
 * as the environment would; `options.clock` (a TestClock's `now`) replaces
 * the wall clock for every rule of the server.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  dir = makeTempDir(),
  options: ServerOptions = {},
): Promise<TestServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: join(dir, 'chat.db'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEND_RATE_PER_SECOND: '0',
    WEB_BUILD_DIR: join(dir, 'no-web-build'),
    ...env,
  });
  const server = await startServer(config, createLogger(config.logLevel), options);
  const base = `127.0.0.1:${server.port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
  };
  return {
    url: `http://${base}`,
    httpUrl: `http://${base}/graphql`,
    wsUrl: `ws://${base}/graphql`,
    port: server.port,
    config,
    server,
    stop,
    async dispose() {
      await stop();
      removeTempDir(dir);
    },
  };
}
