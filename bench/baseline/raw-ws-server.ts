/**
 * The baseline: the practical ceiling of one Node process. A minimal `ws`
 * broadcast server that encodes each message once and sends the same buffer
 * to every subscriber. It speaks just enough of GraphQL over HTTP (login) and
 * graphql-transport-ws (connection_init/ack, subscribe, next, complete) for
 * the load generator to drive it exactly as it drives the chat server; it
 * does not execute GraphQL, check tokens or store anything.
 *
 * PORT (required) and HOST (default 127.0.0.1) come from the environment.
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

/** Subscribers by their subscription id: one encoding per distinct id (the generator uses one). */
const subscribers = new Map<string, Set<WebSocket>>();
let nextMessageId = 1;
let nextToken = 1;

const http = createServer((request, response) => {
  if (request.url === '/healthz') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  // Any POST /graphql is a login: the generator sends nothing else over HTTP.
  request.resume();
  request.on('end', () => {
    const token = `t${nextToken++}`;
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ data: { login: { token, user: { id: token, name: token } } } }));
  });
});

const wss = new WebSocketServer({ server: http, path: '/graphql', handleProtocols: () => 'graphql-transport-ws' });

wss.on('connection', (socket) => {
  const mine = new Set<string>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(String(data)) as {
      id?: string;
      type: string;
      payload?: { query?: string; variables?: Record<string, unknown> };
    };
    switch (message.type) {
      case 'connection_init':
        socket.send('{"type":"connection_ack"}');
        return;
      case 'ping':
        socket.send('{"type":"pong"}');
        return;
      case 'complete':
        subscribers.get(message.id!)?.delete(socket);
        mine.delete(message.id!);
        return;
      case 'subscribe': {
        const id = message.id!;
        if (message.payload?.query?.trimStart().startsWith('subscription')) {
          let group = subscribers.get(id);
          if (!group) subscribers.set(id, (group = new Set()));
          group.add(socket);
          mine.add(id);
          return;
        }
        const variables = message.payload?.variables ?? {};
        const sent = {
          id: String(nextMessageId++),
          channelId: String(variables.channelId ?? '1'),
          author: { id: '1', name: 'publisher' },
          body: String(variables.body ?? ''),
          createdAt: new Date().toISOString(),
          clientId: null,
        };
        socket.send(JSON.stringify({ id, type: 'next', payload: { data: { sendMessage: { id: sent.id } } } }));
        socket.send(JSON.stringify({ id, type: 'complete' }));
        broadcast(sent);
        return;
      }
    }
  });
  socket.on('close', () => {
    for (const id of mine) subscribers.get(id)?.delete(socket);
  });
});

function broadcast(message: object): void {
  for (const [id, group] of subscribers) {
    const frame = Buffer.from(JSON.stringify({ id, type: 'next', payload: { data: { messageAdded: message } } }));
    for (const socket of group) socket.send(frame);
  }
}

http.listen(port, host);
process.once('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  http.close(() => process.exit(0));
});
