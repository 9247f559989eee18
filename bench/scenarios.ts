import type { ScenarioKind } from './load-generator.js';
import type { ServerKind } from './processes.js';
import type { WebLoadScenario } from './web-load.js';

export interface Scenario {
  /** Stable name, e.g. `saturation-1000`. */
  name: string;
  kind: ScenarioKind;
  subscribers: number;
  durationMs: number;
  ratePerSecond: number;
  inFlight: number;
  /** The servers it runs on; default every one. */
  servers?: readonly ServerKind[];
  /** postgres: the chat server on a fresh PostgreSQL database and Redis (skipped with a warning where they are not reachable). */
  backend?: 'sqlite' | 'postgres';
  /** Chat servers started side by side (on core 0 both); subscribers are spread over them, the publisher uses the first. Default 1. */
  instances?: number;
  /** slow-readers: subscribers that stop reading. */
  slowReaders?: number;
  /** Message bodies padded to this many bytes. */
  bodyBytes?: number;
  /** More environment for the chat server. */
  env?: Record<string, string>;
  /** Shorter pauses before memory is read (GeneratorConfig.settleMs): for smoke runs. */
  settleMs?: number;
}

const latency = (subscribers: number, durationMs: number): Scenario => ({
  name: `latency-${subscribers}`,
  kind: 'latency',
  subscribers,
  durationMs,
  ratePerSecond: 20,
  inFlight: 0,
});
const saturation = (subscribers: number, durationMs: number): Scenario => ({
  name: `saturation-${subscribers}`,
  kind: 'saturation',
  subscribers,
  durationMs,
  ratePerSecond: 0,
  inFlight: 32,
});
const connections = (subscribers: number): Scenario => ({
  name: `connections-${subscribers}`,
  kind: 'connections',
  subscribers,
  durationMs: 0,
  ratePerSecond: 0,
  inFlight: 0,
});

/**
 * 5 % of the subscribers stop reading (their sockets paused). On loopback
 * the kernel takes about 4 MiB per socket before anything stays in the
 * server, so the messages are large: 7,900 bytes of UTF-8 (about 3,950
 * characters, under the 4,000 a message may have) at 20/s, and with
 * WS_MAX_BUFFERED_BYTES at 256 KiB a stopped reader is cut off after about
 * 30 s. The same run without slow readers (`slowReaders: 0`) is the clean
 * figure the others' latency compares with.
 */
const slowReaders = (subscribers: number, durationMs: number, share: number): Scenario => ({
  name: share > 0 ? `slow-readers-${subscribers}` : `slow-readers-clean-${subscribers}`,
  kind: 'slow-readers',
  subscribers,
  durationMs,
  ratePerSecond: 20,
  inFlight: 0,
  servers: ['chat'],
  slowReaders: Math.round(subscribers * share),
  bodyBytes: 7_900,
  env: { WS_MAX_BUFFERED_BYTES: String(256 * 1024) },
});
const postgresSaturation = (subscribers: number, durationMs: number): Scenario => ({
  ...saturation(subscribers, durationMs),
  name: `postgres-saturation-${subscribers}`,
  servers: ['chat'],
  backend: 'postgres',
});
/** Two instances on one PostgreSQL and Redis: deliveries/s (saturation) and p99 at 20 msg/s (latency). */
const twoInstances = (subscribers: number, durationMs: number): Scenario[] => [
  { ...saturation(subscribers, durationMs), name: `two-instances-${subscribers}`, servers: ['chat'], backend: 'postgres', instances: 2 },
  {
    ...latency(subscribers, durationMs),
    name: `two-instances-latency-${subscribers}`,
    servers: ['chat'],
    backend: 'postgres',
    instances: 2,
  },
];

/** What issues 5 and 15 ask for. */
export const FULL: Scenario[] = [
  latency(100, 10_000),
  latency(1_000, 10_000),
  saturation(1, 10_000),
  saturation(100, 10_000),
  saturation(1_000, 10_000),
  connections(10_000),
  connections(15_000),
  slowReaders(1_000, 40_000, 0),
  slowReaders(1_000, 40_000, 0.05),
  postgresSaturation(1, 10_000),
  ...twoInstances(1_000, 10_000),
];

/** The same shapes with tiny numbers: a smoke run in seconds (SQLite only: CI has no PostgreSQL or Redis). */
export const QUICK: Scenario[] = [latency(10, 500), saturation(1, 500), saturation(10, 500), connections(50)].map((scenario) => ({
  ...scenario,
  settleMs: 50,
}));

const webLoad = (channels: number): WebLoadScenario => ({ name: `web-load-${channels}`, channels });

/** The web app's first load in Chromium, on a server with this many channels. */
export const FULL_WEB: WebLoadScenario[] = [webLoad(5_000)];
export const QUICK_WEB: WebLoadScenario[] = [webLoad(50)];
