/**
 * The functions that took the most CPU in a V8 profile (`node --cpu-prof`),
 * by self time and by total time, as a Markdown table.
 *
 * Usage: tsx bench/profile-summary.ts FILE.cpuprofile [count]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summarise(profile: CpuProfile, count = 15): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    all += ms;
    const key = (node: ProfileNode) => label(node);
    self.set(key(byId.get(id)!), (self.get(key(byId.get(id)!)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
  const lines = ['| function | self % | total % |', '| --- | --- | --- |'];
  for (const [name, ms] of top)
    lines.push(`| \`${name}\` | ${((ms / all) * 100).toFixed(1)} | ${(((total.get(name) ?? ms) / all) * 100).toFixed(1)} |`);
  return lines.join('\n');
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/work\/main\//, '')
    .replace(/^file:\/\//, '');
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'));
if (isMain) {
  const [file, count] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx bench/profile-summary.ts FILE.cpuprofile [count]');
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(count ?? 15)));
}
