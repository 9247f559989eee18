/**
 * The second baseline: what the usual Node chat stack gets. Socket.IO 4 with
 * the WebSocket transport only (no long-polling), one room per channel, and
 * a room broadcast for each message (Socket.IO encodes it once for the
 * room). Like the raw `ws` baseline it answers any POST /graphql as a login
 * and checks no token and stores nothing; the load generator speaks
 * Engine.IO/Socket.IO to it (bench/socketio-frames.ts):
 *   subscribe: `42["subscribe",{"channelId":"1"}]`, joins the room;
 *   send:      `42<ack>["send",{"channelId":"1","body":"…"}]`, acknowledged
 *              with `43<ack>[{"id":"…"}]`, then `42["messageAdded",{…}]` to the room.
 *
 * PORT (required) and HOST (default 127.0.0.1) come from the environment.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

let nextMessageId = 1;
let nextToken = 1;

const http = createServer((request, response) => {
  if (request.url === '/healthz') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (request.url?.startsWith('/socket.io')) return; // Engine.IO answers these
  // Any POST /graphql is a login: the generator sends nothing else over HTTP.
  request.resume();
  request.on('end', () => {
    const token = `t${nextToken++}`;
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ data: { login: { token, user: { id: token, name: token } } } }));
  });
});

const io = new Server(http, {
  transports: ['websocket'],
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,
  // Engine.IO's default; a frame larger than this closes the socket.
  maxHttpBufferSize: 1e6,
});

interface SendPayload {
  channelId?: string;
  body?: string;
}

io.on('connection', (socket) => {
  socket.on('subscribe', (payload: { channelId?: string }) => {
    void socket.join(`channel:${String(payload?.channelId ?? '1')}`);
  });
  socket.on('send', (payload: SendPayload, ack?: (reply: { id: string }) => void) => {
    const channelId = String(payload?.channelId ?? '1');
    const message = {
      id: String(nextMessageId++),
      channelId,
      author: { id: '1', name: 'publisher' },
      body: String(payload?.body ?? ''),
      createdAt: new Date().toISOString(),
      clientId: null,
    };
    ack?.({ id: message.id });
    io.to(`channel:${channelId}`).emit('messageAdded', message);
  });
});

http.listen(port, host);
process.once('SIGTERM', () => {
  io.disconnectSockets(true);
  void io.close(() => process.exit(0));
});
