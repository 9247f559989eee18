/**
 * The load generator, run as its own process (pinned to its own core by
 * bench/run.ts): logs N users in over HTTP, subscribes each to `messageAdded`
 * over its own WebSocket, and publishes with `sendMessage` over another one,
 * as a third-party client would. Prints one `RESULT {json}` line.
 *
 * Usage: tsx bench/load-generator.ts '<GeneratorConfig as JSON>'
 */
import { openLeanSocket, sequenceOf, type LeanSocket } from './lean-client.js';
import { processCpuSeconds, processRssBytes, quantile } from './stats.js';

export type ScenarioKind = 'latency' | 'saturation' | 'connections';

export interface GeneratorConfig {
  kind: ScenarioKind;
  httpUrl: string;
  wsUrl: string;
  /** The server's process id, to read its CPU time and memory from /proc. */
  serverPid: number;
  subscribers: number;
  /** How long the publisher publishes (latency, saturation). */
  durationMs: number;
  /** latency: messages per second. */
  ratePerSecond: number;
  /** saturation: sends kept in flight. */
  inFlight: number;
  /** Prefix of the user names, unique per run. */
  namePrefix: string;
}

export interface GeneratorResult {
  kind: ScenarioKind;
  subscribers: number;
  messages: number;
  failedSends: number;
  deliveries: number;
  expectedDeliveries: number;
  lost: number;
  duplicates: number;
  subscriptionErrors: number;
  seconds: number;
  messagesPerSecond: number;
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  generatorCpuPercent: number;
  serverCpuPercent: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  rssPerConnectionKiB: number;
}

const CHANNEL_ID = '1';
const SUBSCRIPTION =
  'subscription OnMessage($channelId: ID!) { messageAdded(channelId: $channelId) { id channelId body createdAt author { id name } } }';
const SEND = 'mutation Send($channelId: ID!, $body: String!) { sendMessage(channelId: $channelId, body: $body) { id } }';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function login(httpUrl: string, name: string): Promise<string> {
  const response = await fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation ($name: String!) { login(name: $name) { token } }', variables: { name } }),
  });
  const body = (await response.json()) as { data?: { login?: { token: string } }; errors?: unknown };
  const token = body.data?.login?.token;
  if (!token) throw new Error(`login of ${name} failed: ${JSON.stringify(body.errors)}`);
  return token;
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at once. */
async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

export async function runScenario(config: GeneratorConfig): Promise<GeneratorResult> {
  const n = config.subscribers;
  const tokens = await pool(n + 1, 32, (i) => login(config.httpUrl, `${config.namePrefix}${i}`));
  await sleep(500);
  const rssBeforeBytes = await processRssBytes(config.serverPid);

  // Sequence numbers below `firstMeasured` are probes: they only prove that every subscription is live.
  let firstMeasured = Number.MAX_SAFE_INTEGER;
  const ready = new Uint8Array(n);
  let readyCount = 0;
  const counts = new Uint32Array(n);
  const lastSeen = new Float64Array(n).fill(-1);
  const sentAt: number[] = [];
  const latencies: number[] = [];
  const recordLatency = config.kind === 'latency';
  let deliveries = 0;
  let duplicates = 0;
  let subscriptionErrors = 0;
  let lastDeliveryAt = 0;

  const onDelivery = (i: number, frame: Buffer) => {
    const seq = sequenceOf(frame);
    if (seq < 0) {
      subscriptionErrors++;
      return;
    }
    if (seq < firstMeasured) {
      if (ready[i] === 0) {
        ready[i] = 1;
        readyCount++;
      }
      return;
    }
    const now = performance.now();
    if (seq <= lastSeen[i]!) duplicates++;
    else counts[i]!++;
    lastSeen[i] = seq;
    deliveries++;
    lastDeliveryAt = now;
    if (recordLatency) latencies.push(now - sentAt[seq]!);
  };

  const sockets: LeanSocket[] = await pool(n, 64, async (i) => {
    const socket = await openLeanSocket(config.wsUrl, tokens[i + 1]!, (frame) => onDelivery(i, frame));
    socket.subscribe('1', SUBSCRIPTION, { channelId: CHANNEL_ID });
    return socket;
  });

  const publisher = await openPublisher(config.wsUrl, tokens[0]!, sentAt);
  try {
    // Probe until every subscription has received a message: then all are live.
    const probeDeadline = performance.now() + 120_000;
    while (readyCount < n) {
      if (performance.now() > probeDeadline) throw new Error(`only ${readyCount} of ${n} subscriptions went live`);
      await publisher.send();
      const waitUntil = performance.now() + 2_000;
      while (readyCount < n && performance.now() < waitUntil) await sleep(20);
    }
    await publisher.drained();
    await sleep(config.kind === 'connections' ? 2_000 : 300);
    const rssAfterBytes = await processRssBytes(config.serverPid);
    firstMeasured = publisher.nextSeq;

    const cpuStart = process.cpuUsage();
    const serverCpuStart = await processCpuSeconds(config.serverPid);
    const startedAt = performance.now();
    if (config.kind === 'latency') await publisher.atRate(config.ratePerSecond, config.durationMs);
    else if (config.kind === 'saturation') await publisher.keepInFlight(config.inFlight, config.durationMs);
    else await publisher.send();
    await publisher.drained();
    const messages = publisher.acknowledged(firstMeasured);
    const expectedDeliveries = messages * n;

    // Wait for every delivery, or until none has arrived for 5 s.
    let seen = -1;
    let quietSince = performance.now();
    while (deliveries < expectedDeliveries) {
      if (deliveries !== seen) {
        seen = deliveries;
        quietSince = performance.now();
      } else if (performance.now() - quietSince > 5_000) break;
      await sleep(10);
    }
    const finishedAt = Math.max(lastDeliveryAt, publisher.lastAckAt);
    const cpu = process.cpuUsage(cpuStart);
    const serverCpu = (await processCpuSeconds(config.serverPid)) - serverCpuStart;
    const wallMs = finishedAt - startedAt;
    let lost = 0;
    for (let i = 0; i < n; i++) lost += Math.max(0, messages - counts[i]!);
    const sorted = Float64Array.from(latencies).sort();
    return {
      kind: config.kind,
      subscribers: n,
      messages,
      failedSends: publisher.failures,
      deliveries,
      expectedDeliveries,
      lost,
      duplicates,
      subscriptionErrors,
      seconds: wallMs / 1000,
      messagesPerSecond: messages / ((publisher.lastAckAt - startedAt) / 1000),
      deliveriesPerSecond: deliveries / ((lastDeliveryAt - startedAt) / 1000),
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
      generatorCpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
      serverCpuPercent: ((serverCpu * 1000) / wallMs) * 100,
      rssBeforeBytes,
      rssAfterBytes,
      rssPerConnectionKiB: (rssAfterBytes - rssBeforeBytes) / n / 1024,
    };
  } finally {
    publisher.close();
    for (const socket of sockets) socket.close();
  }
}

/** The publisher: `sendMessage` over its own socket; the body is the message's sequence number. */
async function openPublisher(wsUrl: string, token: string, sentAt: number[]) {
  let nextSeq = 1;
  let inFlight = 0;
  let failures = 0;
  let lastAckAt = 0;
  const acked: number[] = [];
  let onSettled: (() => void) | null = null;
  const socket = await openLeanSocket(wsUrl, token, (frame) => {
    const message = JSON.parse(String(frame)) as { id: string; type: string; payload?: { data?: unknown } };
    const seq = Number(message.id);
    if (message.type === 'next') {
      if (message.payload?.data) {
        acked.push(seq);
        lastAckAt = performance.now();
      } else failures++;
    } else if (message.type === 'error') {
      failures++;
      settle();
    } else if (message.type === 'complete') settle();
  });
  function settle() {
    inFlight--;
    onSettled?.();
  }
  function send(): Promise<void> {
    const seq = nextSeq++;
    inFlight++;
    sentAt[seq] = performance.now();
    socket.subscribe(String(seq), SEND, { channelId: CHANNEL_ID, body: String(seq) });
    return Promise.resolve();
  }
  return {
    get nextSeq() {
      return nextSeq;
    },
    get failures() {
      return failures;
    },
    get lastAckAt() {
      return lastAckAt;
    },
    send,
    acknowledged: (from: number) => acked.filter((seq) => seq >= from).length,
    /** Resolves once no send is in flight. */
    async drained() {
      while (inFlight > 0) await new Promise<void>((resolve) => (onSettled = resolve));
      onSettled = null;
    },
    /** Sends at a steady rate, on schedule, whatever the replies. */
    async atRate(perSecond: number, durationMs: number) {
      const start = performance.now();
      const total = Math.round((perSecond * durationMs) / 1000);
      for (let k = 0; k < total; k++) {
        const due = start + (k * 1000) / perSecond;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        await send();
      }
    },
    /** Keeps `depth` sends in flight until the time is up. */
    async keepInFlight(depth: number, durationMs: number) {
      const until = performance.now() + durationMs;
      while (performance.now() < until) {
        while (inFlight < depth) await send();
        await new Promise<void>((resolve) => (onSettled = resolve));
      }
      onSettled = null;
    },
    close: () => socket.close(),
  };
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'));
if (isMain) {
  const config = JSON.parse(process.argv[2] ?? '{}') as GeneratorConfig;
  runScenario(config).then(
    (result) => {
      process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
