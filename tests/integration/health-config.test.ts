import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServerProcess } from '../support/child-server.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('/healthz', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('should answer 200 while the database is reachable', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('should answer 404 with a hint for a path that is neither the API nor the app', async () => {
    const response = await fetch(`${server.url}/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/Not found/);
  });
});

describe('configuration at start-up', () => {
  const spawned: ChildProcess[] = [];
  afterAll(() => {
    for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  async function exitOf(env: Record<string, string>) {
    const child = spawnServerProcess(env);
    spawned.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.resume();
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    return { code, stderr };
  }

  it('should exit non-zero with a message naming a bad variable', { timeout: 30_000 }, async () => {
    const { code, stderr } = await exitOf({ PORT: 'abc' });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/PORT="abc" is not valid: expected a whole number from 0 to 65535/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
