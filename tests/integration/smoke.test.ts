import { afterAll, beforeAll, expect, it } from 'vitest';
import { login, postGraphQL } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { openSocket } from '../support/ws-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

it('should deliver a message live over WebSocket', async () => {
  const ada = await login(server.httpUrl, 'Ada');
  const bob = await login(server.httpUrl, 'Bob');
  const socket = openSocket(server.wsUrl, { authToken: bob.token });
  await socket.ready;
  const stream = socket.subscribe(`subscription { messageAdded(channelId: "1") { id body author { name online } } }`);
  await new Promise((r) => setTimeout(r, 100));
  const sent = await postGraphQL(server.httpUrl, `mutation { sendMessage(channelId: "1", body: "hello") { id } }`, {}, { token: ada.token });
  expect(sent.errors).toBeUndefined();
  const result = await stream.next();
  expect(result.data).toEqual({ messageAdded: { id: sent.data.sendMessage.id, body: 'hello', author: { name: 'Ada', online: false } } });
  await socket.dispose();
});
