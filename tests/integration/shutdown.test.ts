import Database from 'better-sqlite3';
import { once } from 'node:events';
import { Agent, request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { login } from '../support/http-client.js';
import { SEND_MESSAGE } from '../support/operations.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';
import { openSocket } from '../support/ws-client.js';

/** A POST of `body` on `agent`'s sockets; `hold` bytes stay unsent until `release()`. */
function post(httpUrl: string, agent: Agent, token: string, body: string, options: { hold?: number } = {}) {
  const payload = Buffer.from(body);
  const held = options.hold ?? 0;
  const req = request(httpUrl, {
    method: 'POST',
    agent,
    headers: {
      'content-type': 'application/json',
      'content-length': payload.length,
      authorization: `Bearer ${token}`,
      // The server's automatic 100 Continue proves it has read the headers: the request is in flight.
      ...(held > 0 ? { expect: '100-continue' } : {}),
    },
  });
  const answered = once(req, 'response').then(async ([response]) => {
    let text = '';
    for await (const chunk of response as IncomingMessage) text += chunk;
    return { status: response.statusCode, json: JSON.parse(text) };
  });
  if (held === 0) {
    req.end(payload);
    return { answered, inFlight: Promise.resolve(), release() {} };
  }
  req.flushHeaders();
  const inFlight = once(req, 'continue').then(() => void req.write(payload.subarray(0, payload.length - held)));
  return { answered, inFlight, release: () => req.end(payload.subarray(payload.length - held)) };
}

const sendBody = (body: string) =>
  JSON.stringify({ query: SEND_MESSAGE, variables: { channelId: '1', body, clientId: body.replaceAll(' ', '-') } });

describe('shutdown on SIGTERM', () => {
  const dir = makeTempDir();
  let server: ChildServer | undefined;
  afterAll(async () => {
    await server?.kill();
    removeTempDir(dir);
  });

  it('should answer the sends in flight over HTTP and WebSocket, close sockets with 1001 and exit 0', { timeout: 60_000 }, async () => {
    const databaseFile = join(dir, 'chat.db');
    server = await startChildServer({ DATABASE_URL: databaseFile });
    const ada = await login(server.httpUrl, 'ada');
    const socket = openSocket(server.wsUrl, { authToken: ada.token });
    await socket.flush();

    // Connections opened before the signal: the server stops accepting new ones.
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const warmUp = await Promise.all(
      [1, 2, 3, 4].map(() => post(server!.httpUrl, agent, ada.token, JSON.stringify({ query: '{ me { id } }' })).answered),
    );
    expect(warmUp.map((response) => response.status)).toEqual([200, 200, 200, 200]);

    const slow = post(server.httpUrl, agent, ada.token, sendBody('slow over HTTP'), { hold: 10 });
    await slow.inFlight;
    const overHttp = ['http 1', 'http 2', 'http 3'].map((body) => post(server!.httpUrl, agent, ada.token, sendBody(body)).answered);
    const overWebSocket = ['ws 1', 'ws 2', 'ws 3'].map((body) =>
      socket.execute(SEND_MESSAGE, { channelId: '1', body, clientId: body.replaceAll(' ', '-') }),
    );
    server.process.kill('SIGTERM');

    // The rest of the slow request arrives after the server began to shut down.
    await server.logged('shutting down');
    slow.release();

    const answers = await Promise.all([slow.answered, ...overHttp]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.json.errors).toBeUndefined();
    }
    expect(answers.map((answer) => answer.json.data.sendMessage.body)).toEqual(['slow over HTTP', 'http 1', 'http 2', 'http 3']);
    const wsAnswers = await Promise.all(overWebSocket);
    expect(wsAnswers.map((answer) => answer.errors)).toEqual([undefined, undefined, undefined]);
    expect(wsAnswers.map((answer) => answer.data.sendMessage.body)).toEqual(['ws 1', 'ws 2', 'ws 3']);

    expect((await socket.closed).code).toBe(1001);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    agent.destroy();

    const db = new Database(databaseFile, { readonly: true });
    const stored = db.prepare('SELECT body FROM messages ORDER BY id').pluck().all();
    db.close();
    expect([...(stored as string[])].sort()).toEqual(['http 1', 'http 2', 'http 3', 'slow over HTTP', 'ws 1', 'ws 2', 'ws 3']);
  });
});
