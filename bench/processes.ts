import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WireProtocol } from './lean-client.js';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** The chat server, the raw `ws` baseline, the Socket.IO 4 baseline. */
export type ServerKind = 'chat' | 'baseline' | 'socketio';
export const SERVER_KINDS: readonly ServerKind[] = ['chat', 'baseline', 'socketio'];

/** Files a process needs besides its sockets: the database, its journal, stdio, the loader's. */
export const FILE_HEADROOM = 256;

export interface BenchServer {
  readonly kind: ServerKind;
  /** How the load generator speaks to it. */
  readonly protocol: WireProtocol;
  readonly pid: number;
  /** Where the web app is served, when a build was given. */
  readonly url: string;
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** SIGTERM, then SIGKILL after 10 s; removes the temporary database. */
  stop(): Promise<void>;
}

/**
 * How child processes are launched: pinned to a core with `taskset` (so the
 * server and the generator do not share one), with the open-file limit
 * raised by `prlimit` when the sockets need more than the current limit.
 */
export class Launcher {
  readonly warnings: string[] = [];
  private readonly hasTaskset = commandExists('taskset');
  private readonly hasPrlimit = commandExists('prlimit');
  private readonly limits = openFileLimits();
  private readonly wantedFiles: number;
  /** Files a process may open, after raising the limit as far as allowed. */
  readonly fileLimit: number;

  constructor(sockets: number) {
    this.wantedFiles = sockets + FILE_HEADROOM;
    if (!this.hasTaskset) this.warnings.push('taskset (util-linux) is missing: server and generator are not pinned to separate cores.');
    if (this.limits.soft >= this.wantedFiles) this.fileLimit = this.limits.soft;
    else if (this.hasPrlimit && this.limits.hard >= this.wantedFiles) this.fileLimit = this.wantedFiles;
    else {
      this.fileLimit = this.limits.soft;
      this.warnings.push(
        `ulimit -n is ${this.limits.soft} (hard ${this.limits.hard}): ${sockets} sockets need ${this.wantedFiles}. ` +
          'Raise it (ulimit -n, /etc/security/limits.conf or LimitNOFILE) to run the connections scenario in full.',
      );
    }
  }

  /** How many subscriber sockets fit under the file limit. */
  maxSockets(wanted: number): number {
    return Math.max(1, Math.min(wanted, this.fileLimit - FILE_HEADROOM));
  }

  /** Runs `node args…` on the given core, with the raised file limit. */
  node(core: number, nodeArgs: string[], env: NodeJS.ProcessEnv): ChildProcess {
    let command = [process.execPath, ...nodeArgs];
    if (this.hasTaskset) command = ['taskset', '-c', String(core), ...command];
    if (this.fileLimit > this.limits.soft) command = ['prlimit', `--nofile=${this.fileLimit}:${this.limits.hard}`, '--', ...command];
    return spawn(command[0]!, command.slice(1), { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  }
}

function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function openFileLimits(): { soft: number; hard: number } {
  const match = /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  const value = (raw: string | undefined) => (raw === undefined || raw === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(raw));
  return { soft: value(match?.[1]), hard: value(match?.[2]) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServerOptions {
  /** Writes a V8 CPU profile (.cpuprofile) into this folder when the server exits. */
  cpuProfileDir?: string;
  /** The chat server's compiled entry (default dist/server/main.js). */
  chatEntry?: string;
  /** Serves this web build (default: none, the API alone). */
  webBuildDir?: string;
  /** Runs on the temporary database file before the server opens it (to seed it). */
  prepare?: (databaseFile: string) => Promise<void>;
  /** More environment for the chat server, e.g. DATABASE_URL and REDIS_URL for PostgreSQL and Redis. */
  env?: Record<string, string>;
  /** false when the generator connects every user from 127.0.0.1: the limits per address are raised too. */
  ownAddresses?: boolean;
}

/**
 * The generator signs every user in and connects it from a loopback address
 * of its own (bench/loopback.ts), so the limits per address stay as they
 * ship. What remains raised, never turned off, is what one publisher sending
 * as fast as the server answers, and 15,000 connections on one instance, need.
 */
export const BENCH_LIMITS = {
  // 15,000 subscribers and the publisher on one instance (default 10,000).
  MAX_CONNECTIONS: '1000000',
  // The one publisher: every send is from its address and over its socket.
  ADDRESS_SEND_BURST: '1000000',
  ADDRESS_SEND_RATE_PER_SECOND: '1000000',
  WS_OPERATION_BURST: '1000000',
  WS_OPERATION_RATE_PER_SECOND: '1000000',
} as const;

/** Where loopback addresses other than 127.0.0.1 cannot be bound, every user shares 127.0.0.1: these are raised as well. */
export const SHARED_ADDRESS_LIMITS = {
  LOGIN_BURST: '1000000',
  MAX_SOCKETS_PER_ADDRESS: '1000000',
  MAX_CONNECTIONS_PER_ADDRESS: '1000000',
} as const;

const ENTRIES: Record<ServerKind, string> = {
  chat: 'dist/server/main.js',
  baseline: 'dist/bench/raw-ws-server.js',
  socketio: 'dist/bench/socketio-server.js',
};

/**
 * Starts the chat server (temporary SQLite unless `env` says otherwise) or a baseline on core
 * 0, each compiled (`npm run build:bench`) and run by plain Node as in
 * production: under tsx every named function would carry a property bag of
 * its own, which costs about 2 KiB per idle connection that `npm start`
 * does not pay.
 */
export async function startBenchServer(launcher: Launcher, kind: ServerKind, options: ServerOptions = {}): Promise<BenchServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'flask-chat-bench-'));
  const entry = kind === 'chat' ? (options.chatEntry ?? ENTRIES.chat) : ENTRIES[kind];
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  await options.prepare?.(join(dir, 'chat.db'));
  const child = launcher.node(0, [...profile, entry], {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: join(dir, 'chat.db'),
    LOG_LEVEL: 'warn',
    SEND_RATE_PER_SECOND: '0',
    WEB_BUILD_DIR: options.webBuildDir ?? join(dir, 'no-web-build'),
    NODE_ENV: 'production',
    ...BENCH_LIMITS,
    ...(options.ownAddresses === false ? SHARED_ADDRESS_LIMITS : {}),
    ...options.env,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the ${kind} server exited before it listened: ${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the ${kind} server did not answer /healthz within 60 s: ${output}`);
    }
    try {
      if ((await fetch(`http://${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    kind,
    protocol: kind === 'socketio' ? 'socket.io' : 'graphql-transport-ws',
    pid: child.pid!,
    url: `http://${base}`,
    httpUrl: `http://${base}/graphql`,
    wsUrl: kind === 'socketio' ? `ws://${base}/socket.io/?EIO=4&transport=websocket` : `ws://${base}/graphql`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
