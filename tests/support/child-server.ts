import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ChildServer {
  readonly process: ChildProcess;
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Every line the process wrote to stdout so far, as written (log lines or not). */
  stdoutLines(): readonly string[];
  /** Resolves with the first JSON log line (past or future) whose `msg` is `message`. */
  logged(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Kills the process if it still runs (SIGKILL) and waits for it. */
  kill(): Promise<void>;
}

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Who the server process runs as, when not as the test's own user. */
export interface ProcessUser {
  uid?: number;
  gid?: number;
}

/**
 * An unprivileged user to run the server as, so that file permissions
 * apply: root (as in a container) reads and writes any file whatever its
 * mode. Empty when the tests already run unprivileged.
 */
export const unprivilegedUser = (): ProcessUser => (process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {});

/** Runs `node --import tsx server/main.ts`, as `npm run dev` would, without starting it. */
export function spawnServerProcess(env: Record<string, string>, user: ProcessUser = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    ...user,
    // Empty values keep a developer's .env (which dotenv would read) out of the test.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SEND_RATE_PER_SECOND: '0', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Starts the real server as a child process, as an operator would, and waits
 * for its "Flask-Chat is listening" log line to learn the port it picked.
 */
export async function startChildServer(env: Record<string, string>, timeoutMs = 20_000): Promise<ChildServer> {
  const child = spawnServerProcess(env);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const entries: Record<string, unknown>[] = [];
  const lines: string[] = [];
  const listeners = new Set<(entry: Record<string, unknown>) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // not a log line
    }
    entries.push(entry);
    for (const listener of [...listeners]) listener(entry);
  });
  const logged = (message: string, waitMs = timeoutMs) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = entries.find((entry) => entry.msg === message);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`the server did not log "${message}" within ${waitMs} ms: ${stderr}`));
      }, waitMs);
      const listener = (entry: Record<string, unknown>) => {
        if (entry.msg !== message) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(entry);
      };
      listeners.add(listener);
    });
  const url = await new Promise<string>((resolve, reject) => {
    void exited.then(({ code }) => reject(new Error(`the server exited with ${code} before listening: ${stderr}`)));
    logged('Flask-Chat is listening').then((entry) => resolve(String(entry.url)), reject);
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    process: child,
    httpUrl: `${url}/graphql`,
    wsUrl: `${url.replace(/^http/, 'ws')}/graphql`,
    exited,
    stderr: () => stderr,
    stdoutLines: () => lines,
    logged,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
