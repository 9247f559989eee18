import type { GeneratorResult } from './load-generator.js';
import type { Scenario } from './scenarios.js';

export interface Row {
  scenario: Scenario;
  chat?: GeneratorResult;
  baseline?: GeneratorResult;
}

const fixed = (value: number | undefined, digits = 1) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const thousands = (value: number | undefined) =>
  value === undefined || !Number.isFinite(value) ? '–' : Math.round(value).toLocaleString('en-US');
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || !Number.isFinite(a / b) ? '–' : `${(a / b).toFixed(2)}×`;

/** The figures that matter for a scenario kind, for one server. */
function figures(result: GeneratorResult | undefined): string {
  if (!result) return '–';
  switch (result.kind) {
    case 'latency':
      return `p50 ${fixed(result.p50Ms)} / p99 ${fixed(result.p99Ms)} / max ${fixed(result.maxMs)} ms`;
    case 'saturation':
      return `${thousands(result.messagesPerSecond)} msg/s, ${thousands(result.deliveriesPerSecond)} deliveries/s`;
    case 'connections':
      return `${fixed(result.rssPerConnectionKiB)} KiB/conn (RSS +${fixed((result.rssAfterBytes - result.rssBeforeBytes) / 2 ** 20)} MiB), reached ${thousands(result.deliveries)}`;
  }
}

function ratios(chat: GeneratorResult | undefined, baseline: GeneratorResult | undefined): string {
  if (!chat || !baseline) return '–';
  switch (chat.kind) {
    case 'latency':
      return `p50 ${ratio(chat.p50Ms, baseline.p50Ms)}, p99 ${ratio(chat.p99Ms, baseline.p99Ms)}, max ${ratio(chat.maxMs, baseline.maxMs)}`;
    case 'saturation':
      return `${ratio(chat.deliveriesPerSecond, baseline.deliveriesPerSecond)} deliveries/s`;
    case 'connections':
      return `${ratio(chat.rssPerConnectionKiB, baseline.rssPerConnectionKiB)} memory`;
  }
}

const pair = (chat: number | undefined, baseline: number | undefined, format: (v: number | undefined) => string) =>
  `${format(chat)} / ${format(baseline)}`;

/** One Markdown row per scenario, every figure beside the baseline's. */
export function markdownTable(rows: Row[]): string {
  const lines = [
    '| scenario | Flask-Chat | raw `ws` baseline | Flask-Chat ÷ baseline | lost or failed (chat / raw) | generator CPU % (chat / raw) | server CPU % (chat / raw) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { scenario, chat, baseline } of rows) {
    const lost = (r: GeneratorResult | undefined) => (r ? String(r.lost + r.duplicates + r.failedSends + r.subscriptionErrors) : '–');
    lines.push(
      `| ${describe(scenario)} | ${figures(chat)} | ${figures(baseline)} | ${ratios(chat, baseline)} | ${lost(chat)} / ${lost(baseline)} | ` +
        `${pair(chat?.generatorCpuPercent, baseline?.generatorCpuPercent, (v) => fixed(v, 0))} | ` +
        `${pair(chat?.serverCpuPercent, baseline?.serverCpuPercent, (v) => fixed(v, 0))} |`,
    );
  }
  return lines.join('\n');
}

function describe(scenario: Scenario): string {
  const n = scenario.subscribers.toLocaleString('en-US');
  const seconds = scenario.durationMs / 1000;
  switch (scenario.kind) {
    case 'latency':
      return `latency: ${scenario.ratePerSecond} msg/s × ${seconds} s → ${n} subscribers`;
    case 'saturation':
      return `saturation: ${scenario.inFlight} in flight × ${seconds} s → ${n}`;
    case 'connections':
      return `connections: ${n} idle, subscribed`;
  }
}
