import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runBench } from './run.js';
import { webLoadMissing } from './web-load.js';

/**
 * A smoke run of the benchmark with tiny numbers, against the chat server
 * and both baselines (raw `ws`, Socket.IO 4) alike: every message reaches
 * every subscriber; and the
 * web app's first load with a few channels. Timings
 * are printed by `npm run bench`, never asserted.
 */
describe('npm run bench -- --quick', () => {
  it('should deliver every message to every subscriber on every server', { timeout: 300_000 }, async () => {
    const { rows, webRows } = await runBench({ quick: true, log: () => {} });
    expect(rows.map((row) => row.scenario.name)).toEqual(['latency-10', 'saturation-1', 'saturation-10', 'connections-50']);
    for (const row of rows) {
      for (const result of [row.chat!, row.baseline!, row.socketio!]) {
        expect(result.messages, row.scenario.name).toBeGreaterThan(0);
        expect(
          {
            lost: result.lost,
            duplicates: result.duplicates,
            failedSends: result.failedSends,
            subscriptionErrors: result.subscriptionErrors,
          },
          row.scenario.name,
        ).toEqual({ lost: 0, duplicates: 0, failedSends: 0, subscriptionErrors: 0 });
        expect(result.deliveries, row.scenario.name).toBe(result.expectedDeliveries);
      }
    }
    // The web app's first load, when Chromium and a web build are here: it reached a usable channel.
    for (const { scenario, result } of webRows) {
      expect(result.listedMs, scenario.name).toBeGreaterThan(0);
      expect(result.subscriptions.ChannelActivity, scenario.name).toBe(1);
    }
    expect(webRows.length).toBe(webLoadMissing() ? 0 : 1);
  });
});

describe('tsx bench/fan-out-js.ts', () => {
  it('should write every event to every faked socket, with one id for all and with one each', { timeout: 60_000 }, () => {
    for (const ids of ['same-id', 'own-ids']) {
      // It throws when a frame is missing; the figure it prints is never asserted.
      const printed = execFileSync('npx', ['tsx', 'bench/fan-out-js.ts', '20', '5', ids], { encoding: 'utf8' });
      expect(printed).toMatch(/ns per delivery at best/);
    }
  });
});
