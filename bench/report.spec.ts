import { describe, expect, it } from 'vitest';
import type { GeneratorResult } from './load-generator.js';
import { comparisonLines, markdownTable, type Row } from './report.js';
import { FULL } from './scenarios.js';

const scenario = (name: string) => FULL.find((s) => s.name === name)!;
const result = (figures: Partial<GeneratorResult>) =>
  ({ lost: 0, duplicates: 0, failedSends: 0, subscriptionErrors: 0, reordered: 0, ...figures }) as GeneratorResult;

describe('the bench report', () => {
  it('should compare slow readers with the clean run and two instances with one, when both were run', () => {
    const rows: Row[] = [
      { scenario: scenario('saturation-1000'), chat: result({ kind: 'saturation', deliveriesPerSecond: 200_000 }) },
      { scenario: scenario('slow-readers-clean-1000'), chat: result({ kind: 'slow-readers', p99Ms: 40 }) },
      { scenario: scenario('slow-readers-1000'), chat: result({ kind: 'slow-readers', p99Ms: 50 }) },
      { scenario: scenario('two-instances-1000'), chat: result({ kind: 'saturation', deliveriesPerSecond: 120_000 }) },
      { scenario: scenario('two-instances-latency-1000'), chat: result({ kind: 'latency', p99Ms: 30 }) },
    ];
    expect(comparisonLines(rows)).toEqual([
      "- slow-readers-1000: p99 50.0 ms, 1.25× slow-readers-clean-1000's 40.0 ms",
      "- two-instances-1000: 120,000 deliveries/s, 0.60× saturation-1000's 200,000",
    ]);
  });

  it('should give the chat server as a ratio to each baseline', () => {
    const table = markdownTable([
      {
        scenario: scenario('saturation-1'),
        chat: result({ kind: 'saturation', deliveriesPerSecond: 10_000 }),
        baseline: result({ kind: 'saturation', deliveriesPerSecond: 40_000 }),
        socketio: result({ kind: 'saturation', deliveriesPerSecond: 20_000 }),
      },
    ]);
    expect(table).toContain('| 0.25× deliveries/s | 0.50× deliveries/s |');
  });
});
