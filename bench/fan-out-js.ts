/**
 * The shared fan-out's own JavaScript per delivery, in one process, with the
 * sockets faked just below the TCP write: the in-process bus, the resume
 * stream, SharedSubscriptions and the output guard as the server wires them,
 * and no kernel. The end-to-end scenarios of run.ts are dominated by the
 * kernel's write per frame and move with the machine's neighbours; this
 * isolates what the code adds, which is what a change to the fan-out changes.
 *
 * Usage: tsx bench/fan-out-js.ts [subscribers=1000] [events=300] [same-id|own-ids]
 * (same-id: every subscriber's operation id is "1", as the load generator's;
 * own-ids: one id each, as graphql-ws's client makes them.)
 * Prints the best and the median of 7 rounds, in nanoseconds per delivery.
 */
import { EventEmitter } from 'node:events';
import { GraphQLID, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionArgs } from 'graphql';
import { PubSub } from 'graphql-subscriptions';
import type { WebSocket } from 'ws';
import { Topic } from '../server/domain/ports/events.port.js';
import { resume } from '../server/domain/resume.js';
import { PubSubEventBus } from '../server/events/event-bus.js';
import { SharedSubscriptions } from '../server/transport/shared-subscriptions.js';
import { guardedWebSocketClass } from '../server/transport/socket-output.js';

const subscribers = Number(process.argv[2] ?? 1000);
const eventsPerRound = Number(process.argv[3] ?? 300);
const ownIds = process.argv[4] === 'own-ids';
const ROUNDS = 7;

// As open-events.ts makes it: every subscriber listens to one topic.
const emitter = new EventEmitter();
emitter.setMaxListeners(0);
const bus = new PubSubEventBus(new PubSub({ eventEmitter: emitter }));
const User = new GraphQLObjectType({ name: 'User', fields: { id: { type: GraphQLID }, name: { type: GraphQLString } } });
const Message = new GraphQLObjectType({
  name: 'Message',
  fields: {
    id: { type: GraphQLID },
    channelId: { type: GraphQLID },
    body: { type: GraphQLString },
    createdAt: { type: GraphQLString },
    author: { type: User },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      messageAdded: {
        type: new GraphQLNonNull(Message),
        args: { channelId: { type: GraphQLID } },
        subscribe: async () => resume(await bus.subscribe(Topic.MessageAdded, '1'), null, async () => []),
        resolve: (message: unknown) => message,
      },
    },
  }),
});

// The bench's own subscription: the same selection, one shared operation.
const QUERY =
  'subscription OnMessage($channelId: ID!) { messageAdded(channelId: $channelId) { id channelId body createdAt author { id name } } }';
const Guarded = guardedWebSocketClass({ maxBufferedBytes: 1 << 20, maxAnswerBytes: 1 << 20, tooLargePayload: '{}' });
let writes = 0;
let bytes = 0;

/** A guarded socket with ws's state as an open one holds it (its `_socket`, `_sender`), whose TCP write only counts. */
function fakeSocket(): WebSocket {
  return Object.assign(Object.create(Guarded.prototype) as WebSocket, {
    _readyState: 1,
    _bufferedAmount: 0,
    _sender: { _state: 0, _bufferedBytes: 0 },
    _socket: {
      _writableState: { length: 0 },
      write(frame: Buffer) {
        writes++;
        bytes += frame.length;
        return true;
      },
      cork() {},
      uncork() {},
    },
  });
}

const sharing = new SharedSubscriptions({ formatErrors: (errors) => errors.map((error) => ({ message: error.message })) });
const document = parse(QUERY);
for (let i = 0; i < subscribers; i++) {
  const args: ExecutionArgs = { schema, document, variableValues: { channelId: '1' }, operationName: 'OnMessage', contextValue: {} };
  sharing.register(args, fakeSocket(), ownIds ? crypto.randomUUID() : '1', QUERY);
  const stream = (await sharing.subscribe(args)) as AsyncIterator<unknown>;
  void stream.next();
}
await new Promise((resolve) => setTimeout(resolve, 10));

let id = 0;
const publish = () =>
  bus.publish(
    Topic.MessageAdded,
    {
      id: String(++id),
      channelId: '1',
      body: String(id),
      createdAt: new Date().toISOString(),
      author: { id: '1', name: 'publisher' },
    } as never,
    '1',
  );

for (let i = 0; i < 200; i++) await publish(); // warm up
const rounds: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < eventsPerRound; i++) await publish();
  rounds.push(Number(process.hrtime.bigint() - start) / (eventsPerRound * subscribers));
}
rounds.sort((a, b) => a - b);
if (writes !== (200 + ROUNDS * eventsPerRound) * subscribers)
  throw new Error(`expected every event on every socket, wrote ${writes} frames`);
console.log(
  `fan-out JavaScript: ${rounds[0]!.toFixed(0)} ns per delivery at best, ${rounds[ROUNDS >> 1]!.toFixed(0)} median ` +
    `(${subscribers} subscribers, ${ownIds ? 'one id each' : 'one id for all'}, ${ROUNDS} rounds of ${eventsPerRound} events, ${(bytes / writes).toFixed(0)}-byte frames)`,
);
