/**
 * The load generator, run as its own process (pinned to its own core by
 * bench/run.ts): logs N users in over HTTP, subscribes each to `messageAdded`
 * over its own WebSocket, and publishes with `sendMessage` over another one,
 * as a third-party client would. Prints one `RESULT {json}` line.
 *
 * Usage: tsx bench/load-generator.ts '<GeneratorConfig as JSON>'
 */
import { Agent, request } from 'node:http';
import { openLeanSocket, sequenceOf, type LeanSocket, type ReplyOutcome, type WireProtocol } from './lean-client.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { loopbackAddress } from './loopback.js';
import { processCpuSeconds, processRssBytes, quantile } from './stats.js';

/** slow-readers: latency, while some subscribers stop reading their sockets. */
export type ScenarioKind = 'latency' | 'saturation' | 'connections' | 'slow-readers';

export interface GeneratorConfig {
  kind: ScenarioKind;
  protocol: WireProtocol;
  httpUrl: string;
  /** The servers' sockets: subscribers are spread over them in turn, the publisher uses the first. */
  wsUrls: string[];
  /** The servers' process ids, to read their CPU time and memory from /proc (summed). */
  serverPids: number[];
  /** Every user signs in and connects from a loopback address of its own (bench/loopback.ts), not 127.0.0.1. */
  ownAddresses: boolean;
  /** Pads each message body (after its sequence number) to this many bytes of UTF-8 (bodyOf). Default: the number alone. */
  bodyBytes?: number;
  /** slow-readers: this many subscribers (spread evenly) stop reading once their subscription is live. */
  slowReaders?: number;
  subscribers: number;
  /** How long the publisher publishes (latency, saturation). */
  durationMs: number;
  /** latency: messages per second. */
  ratePerSecond: number;
  /** saturation: sends kept in flight. */
  inFlight: number;
  /**
   * How long the server is left to settle before its memory is read (after
   * the sign-ins, after the subscriptions): default 500 ms, then 300 ms
   * (2 s for connections). A smoke run, which reads no memory, uses less.
   */
  settleMs?: number;
  /** Prefix of the user names, unique per run. */
  namePrefix: string;
}

export interface GeneratorResult {
  kind: ScenarioKind;
  subscribers: number;
  messages: number;
  failedSends: number;
  /** What the server answered to the first few failed sends, to tell why. */
  failureSamples: string[];
  deliveries: number;
  expectedDeliveries: number;
  lost: number;
  duplicates: number;
  /** Deliveries that came after a later message: not lost, not duplicated, out of order. */
  reordered: number;
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
  /** The servers' highest RSS sampled (every 250 ms) while measuring. */
  rssPeakBytes: number;
  /** slow-readers: subscribers that stopped reading, and how many of them the server cut off. */
  slowReaders: number;
  slowReadersCutOff: number;
}

const CHANNEL_ID = '1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sign-ins from 127.0.0.1 share kept-alive connections, or thousands of them would use up the ephemeral ports. */
const sharedAddressAgent = new Agent({ keepAlive: true, maxSockets: 32 });

/** Signs `name` in over HTTP, from `localAddress` on a connection of its own when given; resolves to the token. */
function login(httpUrl: string, name: string, localAddress: string | undefined): Promise<string> {
  const payload = JSON.stringify({ query: 'mutation ($name: String!) { login(name: $name) { token } }', variables: { name } });
  return new Promise((resolve, reject) => {
    const req = request(
      httpUrl,
      {
        method: 'POST',
        localAddress,
        agent: localAddress ? false : sharedAddressAgent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          try {
            const body = JSON.parse(text) as { data?: { login?: { token: string } }; errors?: unknown };
            const token = body.data?.login?.token;
            if (token) resolve(token);
            else reject(new Error(`login of ${name} failed: ${JSON.stringify(body.errors)}`));
          } catch {
            reject(new Error(`login of ${name} failed: HTTP ${response.statusCode} ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
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

/** The servers' summed RSS; NaN when one cannot be read. */
async function serversRss(pids: number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) total += await processRssBytes(pid);
  return total;
}

async function serversCpuSeconds(pids: number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) total += await processCpuSeconds(pid);
  return total;
}

/**
 * The message body of send `seq`: its sequence number and a space, padded to
 * `bytes` of UTF-8 with "é" (two bytes, one character), so that a body of up
 * to about 8,000 bytes stays within the 4,000 characters a message may have.
 */
export function bodyOf(seq: number, bytes = 0): string {
  const head = `${seq} `;
  if (bytes <= head.length) return String(seq);
  const rest = bytes - head.length;
  return head + 'é'.repeat(Math.floor(rest / 2)) + (rest % 2 === 1 ? '.' : '');
}

export async function runScenario(config: GeneratorConfig): Promise<GeneratorResult> {
  const n = config.subscribers;
  // User 0 publishes; user i + 1 is subscriber i.
  const addressOf = (user: number) => (config.ownAddresses ? loopbackAddress(user) : undefined);
  const tokens = await pool(n + 1, 32, (i) => login(config.httpUrl, `${config.namePrefix}${i}`, addressOf(i)));
  await sleep(config.settleMs ?? 500);
  const rssBeforeBytes = await serversRss(config.serverPids);

  // Every subscriber whose index is a multiple of `slowEvery` stops reading, when there are slow readers.
  const slowCount = config.kind === 'slow-readers' ? Math.min(n, config.slowReaders ?? 0) : 0;
  const slowEvery = slowCount > 0 ? Math.floor(n / slowCount) : 0;
  const slow = new Uint8Array(n);
  for (let k = 0; k < slowCount; k++) slow[k * slowEvery] = 1;
  const readers = n - slowCount;

  // Sequence numbers below `firstMeasured` are probes: they only prove that every subscription is live.
  let firstMeasured = Number.MAX_SAFE_INTEGER;
  const ready = new Uint8Array(n);
  let readyCount = 0;
  const counts = new Uint32Array(n);
  let ledger = new DeliveryLedger(n, firstMeasured);
  const sentAt: number[] = [];
  const latencies: number[] = [];
  const recordLatency = config.kind === 'latency' || config.kind === 'slow-readers';
  let deliveries = 0;
  let duplicates = 0;
  let reordered = 0;
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
    // What a slow reader reads once it reads again is not a delivery on time.
    if (slow[i] === 1) return;
    const now = performance.now();
    const kind = ledger.record(i, seq);
    if (kind === 'duplicate') duplicates++;
    else counts[i]!++;
    if (kind === 'reordered') reordered++;
    deliveries++;
    lastDeliveryAt = now;
    if (recordLatency) latencies.push(now - sentAt[seq]!);
  };

  const sockets: LeanSocket[] = await pool(n, 64, async (i) => {
    const socket = await openLeanSocket({
      protocol: config.protocol,
      url: config.wsUrls[i % config.wsUrls.length]!,
      token: tokens[i + 1]!,
      localAddress: addressOf(i + 1),
      onDelivery: (frame) => onDelivery(i, frame),
    });
    socket.subscribeMessages(CHANNEL_ID);
    return socket;
  });

  const publisher = await openPublisher(config, tokens[0]!, addressOf(0), sentAt);
  let sampler: NodeJS.Timeout | undefined;
  try {
    // Probe until every subscription has received a message: then all are live.
    const probeDeadline = performance.now() + 120_000;
    while (readyCount < n) {
      if (performance.now() > probeDeadline) throw new Error(`only ${readyCount} of ${n} subscriptions went live`);
      publisher.send();
      const waitUntil = performance.now() + 2_000;
      while (readyCount < n && performance.now() < waitUntil) await sleep(20);
    }
    await publisher.drained();
    await sleep(config.settleMs ?? (config.kind === 'connections' ? 2_000 : 300));
    const rssAfterBytes = await serversRss(config.serverPids);
    firstMeasured = publisher.nextSeq;
    ledger = new DeliveryLedger(n, firstMeasured);
    let slowReadersCutOff = 0;
    for (let i = 0; i < n; i++) {
      if (slow[i] === 0) continue;
      sockets[i]!.ws.once('close', () => slowReadersCutOff++);
      sockets[i]!.ws.pause();
    }

    let rssPeakBytes = rssAfterBytes;
    sampler = setInterval(() => {
      void serversRss(config.serverPids).then((rss) => (rssPeakBytes = Math.max(rssPeakBytes, rss)));
    }, 250);
    const cpuStart = process.cpuUsage();
    const serverCpuStart = await serversCpuSeconds(config.serverPids);
    const startedAt = performance.now();
    if (config.kind === 'latency' || config.kind === 'slow-readers') await publisher.atRate(config.ratePerSecond, config.durationMs);
    else if (config.kind === 'saturation') await publisher.keepInFlight(config.inFlight, config.durationMs);
    else publisher.send();
    await publisher.drained();
    const messages = publisher.acknowledged(firstMeasured);
    const expectedDeliveries = messages * readers;

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
    const serverCpu = (await serversCpuSeconds(config.serverPids)) - serverCpuStart;
    clearInterval(sampler);
    rssPeakBytes = Math.max(rssPeakBytes, await serversRss(config.serverPids));
    const wallMs = finishedAt - startedAt;
    let lost = 0;
    for (let i = 0; i < n; i++) if (slow[i] === 0) lost += Math.max(0, messages - counts[i]!);

    // The slow readers read again: those the server cut off see their socket close after what it had sent.
    for (let i = 0; i < n; i++) if (slow[i] === 1) sockets[i]!.ws.resume();
    const cutOffDeadline = performance.now() + 10_000;
    while (slowReadersCutOff < slowCount && performance.now() < cutOffDeadline) await sleep(50);

    const sorted = Float64Array.from(latencies).sort();
    return {
      kind: config.kind,
      subscribers: n,
      messages,
      failedSends: publisher.failures,
      failureSamples: publisher.failureSamples,
      deliveries,
      expectedDeliveries,
      lost,
      duplicates,
      reordered,
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
      rssPeakBytes,
      slowReaders: slowCount,
      slowReadersCutOff,
    };
  } finally {
    clearInterval(sampler);
    publisher.close();
    for (const socket of sockets) socket.close();
  }
}

/** The publisher: sends over its own socket, on the first server; the body starts with the message's sequence number. */
async function openPublisher(config: GeneratorConfig, token: string, localAddress: string | undefined, sentAt: number[]) {
  let nextSeq = 1;
  let inFlight = 0;
  let failures = 0;
  const failureSamples: string[] = [];
  let lastAckAt = 0;
  const acked: number[] = [];
  let onSettled: (() => void) | null = null;
  const socket = await openLeanSocket({
    protocol: config.protocol,
    url: config.wsUrls[0]!,
    token,
    localAddress,
    onReply(seq: number, outcome: ReplyOutcome, frame?: Buffer) {
      if (outcome === 'acked') {
        acked.push(seq);
        lastAckAt = performance.now();
      } else if (outcome === 'failed') {
        failures++;
        if (failureSamples.length < 3) failureSamples.push(String(frame ?? '').slice(0, 500));
      } else {
        inFlight--;
        onSettled?.();
      }
    },
  });
  function send(): void {
    const seq = nextSeq++;
    inFlight++;
    sentAt[seq] = performance.now();
    socket.send(seq, CHANNEL_ID, bodyOf(seq, config.bodyBytes));
  }
  return {
    get nextSeq() {
      return nextSeq;
    },
    get failures() {
      return failures;
    },
    failureSamples,
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
        send();
      }
    },
    /** Keeps `depth` sends in flight until the time is up. */
    async keepInFlight(depth: number, durationMs: number) {
      const until = performance.now() + durationMs;
      while (performance.now() < until) {
        while (inFlight < depth) send();
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
