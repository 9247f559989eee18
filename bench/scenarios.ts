import type { ScenarioKind } from './load-generator.js';
import type { WebLoadScenario } from './web-load.js';

export interface Scenario {
  /** Stable name, e.g. `saturation-1000`. */
  name: string;
  kind: ScenarioKind;
  subscribers: number;
  durationMs: number;
  ratePerSecond: number;
  inFlight: number;
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

/** What issue 5 asks for. */
export const FULL: Scenario[] = [
  latency(100, 10_000),
  latency(1_000, 10_000),
  saturation(1, 10_000),
  saturation(100, 10_000),
  saturation(1_000, 10_000),
  connections(10_000),
];

/** The same shapes with tiny numbers: a smoke run in seconds. */
export const QUICK: Scenario[] = [latency(10, 1_000), saturation(1, 1_000), saturation(10, 1_000), connections(50)];

const webLoad = (channels: number): WebLoadScenario => ({ name: `web-load-${channels}`, channels });

/** The web app's first load in Chromium, on a server with this many channels. */
export const FULL_WEB: WebLoadScenario[] = [webLoad(5_000)];
export const QUICK_WEB: WebLoadScenario[] = [webLoad(50)];
