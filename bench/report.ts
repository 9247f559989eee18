import type { GeneratorResult } from './load-generator.js';
import type { Scenario } from './scenarios.js';

export interface Row {
  scenario: Scenario;
  chat?: GeneratorResult;
  /** The raw `ws` baseline. */
  baseline?: GeneratorResult;
  /** The Socket.IO 4 baseline. */
  socketio?: GeneratorResult;
}

const fixed = (value: number | undefined, digits = 1) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const thousands = (value: number | undefined) =>
  value === undefined || !Number.isFinite(value) ? '–' : Math.round(value).toLocaleString('en-US');
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || !Number.isFinite(a / b) ? '–' : `${(a / b).toFixed(2)}×`;
const mib = (bytes: number) => fixed(bytes / 2 ** 20);

/** The figures that matter for a scenario kind, for one server; deliveries out of send order, when there were any. */
function figures(result: GeneratorResult | undefined): string {
  if (!result) return '–';
  const reordered = result.reordered > 0 ? `; ${thousands(result.reordered)} out of order` : '';
  return kindFigures(result) + reordered;
}

function kindFigures(result: GeneratorResult): string {
  switch (result.kind) {
    case 'latency':
      return `p50 ${fixed(result.p50Ms)} / p99 ${fixed(result.p99Ms)} / max ${fixed(result.maxMs)} ms`;
    case 'saturation':
      return `${thousands(result.messagesPerSecond)} msg/s, ${thousands(result.deliveriesPerSecond)} deliveries/s`;
    case 'connections':
      return `${fixed(result.rssPerConnectionKiB)} KiB/conn (RSS +${mib(result.rssAfterBytes - result.rssBeforeBytes)} MiB), reached ${thousands(result.deliveries)}`;
    case 'slow-readers':
      return (
        `others: p50 ${fixed(result.p50Ms)} / p99 ${fixed(result.p99Ms)} / max ${fixed(result.maxMs)} ms; ` +
        `RSS peak +${mib(result.rssPeakBytes - result.rssAfterBytes)} MiB; cut off ${result.slowReadersCutOff} of ${result.slowReaders}`
      );
  }
}

function ratios(chat: GeneratorResult | undefined, baseline: GeneratorResult | undefined): string {
  if (!chat || !baseline) return '–';
  switch (chat.kind) {
    case 'latency':
    case 'slow-readers':
      return `p50 ${ratio(chat.p50Ms, baseline.p50Ms)}, p99 ${ratio(chat.p99Ms, baseline.p99Ms)}, max ${ratio(chat.maxMs, baseline.maxMs)}`;
    case 'saturation':
      return `${ratio(chat.deliveriesPerSecond, baseline.deliveriesPerSecond)} deliveries/s`;
    case 'connections':
      return `${ratio(chat.rssPerConnectionKiB, baseline.rssPerConnectionKiB)} memory`;
  }
}

const triple = (results: (GeneratorResult | undefined)[], format: (r: GeneratorResult | undefined) => string) =>
  results.map(format).join(' / ');

/** One Markdown row per scenario, every figure of the chat server beside both baselines' and as a ratio to each. */
export function markdownTable(rows: Row[]): string {
  const lines = [
    '| scenario | Flask-Chat | raw `ws` baseline | Socket.IO 4 baseline | Flask-Chat ÷ raw `ws` | Flask-Chat ÷ Socket.IO | lost or failed (chat / raw / Socket.IO) | generator CPU % (chat / raw / Socket.IO) | server CPU % (chat / raw / Socket.IO) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { scenario, chat, baseline, socketio } of rows) {
    const all = [chat, baseline, socketio];
    const lost = (r: GeneratorResult | undefined) => (r ? String(r.lost + r.duplicates + r.failedSends + r.subscriptionErrors) : '–');
    lines.push(
      `| ${describe(scenario)} | ${figures(chat)} | ${figures(baseline)} | ${figures(socketio)} | ${ratios(chat, baseline)} | ${ratios(chat, socketio)} | ` +
        `${triple(all, lost)} | ${triple(all, (r) => fixed(r?.generatorCpuPercent, 0))} | ${triple(all, (r) => fixed(r?.serverCpuPercent, 0))} |`,
    );
  }
  return lines.join('\n');
}

function describe(scenario: Scenario): string {
  const n = scenario.subscribers.toLocaleString('en-US');
  const seconds = scenario.durationMs / 1000;
  const where = [
    scenario.backend === 'postgres' ? 'PostgreSQL + Redis' : '',
    (scenario.instances ?? 1) > 1 ? `${scenario.instances} instances` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const suffix = where ? ` (${where})` : '';
  switch (scenario.kind) {
    case 'latency':
      return `latency: ${scenario.ratePerSecond} msg/s × ${seconds} s → ${n} subscribers${suffix}`;
    case 'saturation':
      return `saturation: ${scenario.inFlight} in flight × ${seconds} s → ${n}${suffix}`;
    case 'connections':
      return `connections: ${n} idle, subscribed${suffix}`;
    case 'slow-readers':
      return `slow readers: ${scenario.ratePerSecond} msg/s of ${scenario.bodyBytes ?? 0} B × ${seconds} s → ${n}, ${scenario.slowReaders} stop reading${suffix}`;
  }
}

/** Scenarios measured against another of the same run: [scenario, reference, what is compared]. */
const COMPARISONS: [RegExp, (n: string) => string, 'p99' | 'deliveries'][] = [
  [/^slow-readers-(\d+)$/, (n) => `slow-readers-clean-${n}`, 'p99'],
  [/^two-instances-(\d+)$/, (n) => `saturation-${n}`, 'deliveries'],
  [/^two-instances-latency-(\d+)$/, (n) => `latency-${n}`, 'p99'],
];

/**
 * The chat server's figures in one scenario as a ratio to another of the
 * same run (slow readers to the clean run, two instances on PostgreSQL to one
 * on SQLite), one line each, for the pairs that were both run.
 */
export function comparisonLines(rows: Row[]): string[] {
  const byName = new Map(rows.map((row) => [row.scenario.name, row.chat]));
  const lines: string[] = [];
  for (const row of rows) {
    for (const [pattern, referenceName, figure] of COMPARISONS) {
      const match = pattern.exec(row.scenario.name);
      if (!match) continue;
      const reference = byName.get(referenceName(match[1]!));
      if (!row.chat || !reference) continue;
      lines.push(
        figure === 'p99'
          ? `- ${row.scenario.name}: p99 ${fixed(row.chat.p99Ms)} ms, ${ratio(row.chat.p99Ms, reference.p99Ms)} ${referenceName(match[1]!)}'s ${fixed(reference.p99Ms)} ms`
          : `- ${row.scenario.name}: ${thousands(row.chat.deliveriesPerSecond)} deliveries/s, ${ratio(row.chat.deliveriesPerSecond, reference.deliveriesPerSecond)} ${referenceName(match[1]!)}'s ${thousands(reference.deliveriesPerSecond)}`,
      );
    }
  }
  return lines;
}
