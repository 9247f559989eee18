/**
 * `npm run bench`: the fan-out benchmark of issues 5 and 15. For every
 * scenario, starts a fresh server on core 0 (the chat server, then the raw
 * `ws` baseline, then the Socket.IO 4 baseline) and the load generator on
 * core 1, and prints one Markdown row with every figure beside the
 * baselines'. Then the web app's first load on
 * a server with 5,000 channels, in Chromium (skipped, with a warning, without
 * Chromium or a web build).
 *
 * Options:
 *   --quick                 tiny numbers: a smoke run in seconds
 *   --only=chat|baseline|socketio   run one server only
 *   --scenarios=a,b         run these scenarios only (e.g. saturation-1000)
 *   --repeat=N              run each scenario N times, alternating the servers; report medians
 *   --profile=DIR           each server writes a V8 CPU profile per scenario into DIR/scenario/server
 *   --shared-address        every user from 127.0.0.1, the limits per address raised (as where no other loopback address can be bound)
 *   --json=FILE             also write the raw results as JSON
 *   --chat-server=FILE      the chat server's compiled entry (default dist/server/main.js): a build of an
 *                           earlier commit, say, measured exactly as this one
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { GeneratorConfig, GeneratorResult } from './load-generator.js';
import { createBenchBackends, type BenchBackends } from './backends.js';
import { loopbackAddressesWork } from './loopback.js';
import { Launcher, SERVER_KINDS, startBenchServer, type BenchServer, type ServerKind } from './processes.js';
import { comparisonLines, markdownTable, type Row } from './report.js';
import { FULL, FULL_WEB, QUICK, QUICK_WEB, type Scenario } from './scenarios.js';
import { median } from './stats.js';
import { combineWebLoads, measureWebLoad, webLoadMissing, webLoadTable, type WebLoadResult, type WebLoadScenario } from './web-load.js';

export interface WebRow {
  scenario: WebLoadScenario;
  result: WebLoadResult;
}

export interface BenchOptions {
  quick?: boolean;
  only?: ServerKind;
  scenarios?: string[];
  profileDir?: string;
  /** The chat server's compiled entry; default dist/server/main.js. */
  chatServer?: string;
  /** Runs per scenario and server; figures are medians, lost deliveries the worst run. Default 1. */
  repeat?: number;
  /** Every user from 127.0.0.1 with the limits per address raised, instead of one loopback address each. */
  sharedAddress?: boolean;
  /** Progress lines go here (stderr by default). */
  log?: (line: string) => void;
}

export async function runBench(options: BenchOptions = {}): Promise<{ rows: Row[]; webRows: WebRow[]; warnings: string[] }> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let scenarios = options.quick ? QUICK : FULL;
  let webScenarios = options.only === 'baseline' ? [] : options.quick ? QUICK_WEB : FULL_WEB;
  if (options.scenarios) {
    scenarios = scenarios.filter((s) => options.scenarios!.includes(s.name));
    webScenarios = webScenarios.filter((s) => options.scenarios!.includes(s.name));
  }
  const kinds: readonly ServerKind[] = options.only ? [options.only] : SERVER_KINDS;
  const launcher = new Launcher(Math.max(0, ...scenarios.map((s) => s.subscribers)));
  const ownAddresses = !options.sharedAddress && (await loopbackAddressesWork());
  if (!ownAddresses && !options.sharedAddress)
    launcher.warnings.push(
      'loopback addresses beyond 127.0.0.1 cannot be bound here: every user connects from 127.0.0.1, with the limits per address raised.',
    );
  for (const warning of launcher.warnings) log(`warning: ${warning}`);
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });

  const rows: Row[] = [];
  for (const scenario of scenarios) {
    const row: Row = { scenario };
    const scenarioKinds = kinds.filter((kind) => (scenario.servers ?? SERVER_KINDS).includes(kind));
    if (scenarioKinds.length === 0) continue;
    const runs: Partial<Record<ServerKind, GeneratorResult[]>> = {};
    let skipped = false;
    for (let run = 1; run <= (options.repeat ?? 1) && !skipped; run++) {
      for (const kind of scenarioKinds) {
        let backends: BenchBackends | undefined;
        if (scenario.backend === 'postgres') {
          const created = await createBenchBackends(scenario.name);
          if (typeof created === 'string') {
            launcher.warnings.push(`${created}: ${scenario.name} is skipped.`);
            log(`warning: ${launcher.warnings.at(-1)}`);
            skipped = true;
            break;
          }
          backends = created;
        }
        const servers: BenchServer[] = [];
        try {
          for (let instance = 0; instance < (scenario.instances ?? 1); instance++) {
            const profileDir = options.profileDir
              ? resolve(options.profileDir, scenario.name, instance === 0 ? kind : `${kind}-${instance + 1}`)
              : undefined;
            servers.push(
              await startBenchServer(launcher, kind, {
                cpuProfileDir: profileDir,
                chatEntry: options.chatServer,
                ownAddresses,
                env: { ...scenario.env, ...backends?.env },
              }),
            );
          }
          log(`${scenario.name} on ${kind}${options.repeat ? `, run ${run}` : ''}…`);
          const result = await runGenerator(launcher, generatorConfig(scenario, servers, launcher, ownAddresses));
          if (result.failedSends > 0) log(`  ${result.failedSends} sends failed, the first: ${result.failureSamples.join(' | ')}`);
          (runs[kind] ??= []).push(result);
        } finally {
          for (const server of servers) await server.stop();
          await backends?.drop();
        }
      }
    }
    if (skipped) continue;
    for (const kind of scenarioKinds) row[kind] = combine(runs[kind]!);
    rows.push(row);
  }
  return { rows, webRows: await runWebLoads(launcher, webScenarios, options, log), warnings: launcher.warnings };
}

async function runWebLoads(
  launcher: Launcher,
  scenarios: WebLoadScenario[],
  options: BenchOptions,
  log: (line: string) => void,
): Promise<WebRow[]> {
  if (scenarios.length === 0) return [];
  const missing = webLoadMissing();
  if (missing) {
    launcher.warnings.push(`${missing}: the web app's first load is not measured.`);
    log(`warning: ${launcher.warnings.at(-1)}`);
    return [];
  }
  const rows: WebRow[] = [];
  for (const scenario of scenarios) {
    const results: WebLoadResult[] = [];
    for (let run = 1; run <= (options.repeat ?? 1); run++) {
      log(`${scenario.name} in Chromium${options.repeat ? `, run ${run}` : ''}…`);
      results.push(await measureWebLoad(launcher, scenario));
    }
    rows.push({ scenario, result: combineWebLoads(results) });
  }
  return rows;
}

function generatorConfig(scenario: Scenario, servers: BenchServer[], launcher: Launcher, ownAddresses: boolean): GeneratorConfig {
  return {
    kind: scenario.kind,
    protocol: servers[0]!.protocol,
    httpUrl: servers[0]!.httpUrl,
    wsUrls: servers.map((server) => server.wsUrl),
    serverPids: servers.map((server) => server.pid),
    ownAddresses,
    subscribers: launcher.maxSockets(scenario.subscribers),
    durationMs: scenario.durationMs,
    ratePerSecond: scenario.ratePerSecond,
    inFlight: scenario.inFlight,
    bodyBytes: scenario.bodyBytes,
    slowReaders: scenario.slowReaders,
    settleMs: scenario.settleMs,
    namePrefix: `u${Date.now().toString(36)}x`,
  };
}

/** Medians of every figure; lost and failed counts of the worst run. */
function combine(results: GeneratorResult[]): GeneratorResult {
  if (results.length === 1) return results[0]!;
  const worst = new Set(['lost', 'duplicates', 'failedSends', 'subscriptionErrors', 'rssPeakBytes']);
  const combined: Record<string, unknown> = { ...results[0]! };
  for (const [key, value] of Object.entries(results[0]!)) {
    if (typeof value !== 'number') continue;
    const values = results.map((r) => r[key as keyof GeneratorResult] as number);
    combined[key] = worst.has(key) ? Math.max(...values) : median(values);
  }
  return combined as unknown as GeneratorResult;
}

function runGenerator(launcher: Launcher, config: GeneratorConfig): Promise<GeneratorResult> {
  const child = launcher.node(1, ['--import', 'tsx', 'bench/load-generator.ts', JSON.stringify(config)], process.env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as GeneratorResult);
      else reject(new Error(`the load generator failed (exit ${code}): ${stderr || stdout}`));
    });
  });
}

/** The machine, for the record: absolute numbers mean nothing without it. */
export function describeMachine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const cores = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim() || String(cpus().length);
  return `${cores} cores (nproc), ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform} ${process.arch}`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      scenarios: { type: 'string' },
      profile: { type: 'string' },
      repeat: { type: 'string' },
      json: { type: 'string' },
      'chat-server': { type: 'string' },
      'shared-address': { type: 'boolean', default: false },
    },
  });
  if (values.only && !SERVER_KINDS.includes(values.only as ServerKind))
    throw new Error(`--only=${values.only}: expected one of ${SERVER_KINDS.join(', ')}`);
  const { rows, webRows } = await runBench({
    quick: values.quick,
    only: values.only as ServerKind | undefined,
    scenarios: values.scenarios?.split(',').map((s) => s.trim()),
    profileDir: values.profile,
    chatServer: values['chat-server'] ? resolve(values['chat-server']) : undefined,
    repeat: values.repeat ? Number(values.repeat) : undefined,
    sharedAddress: values['shared-address'],
  });
  console.log(`\nMachine: ${describeMachine()}\n`);
  if (rows.length > 0) console.log(markdownTable(rows));
  const comparisons = comparisonLines(rows);
  if (comparisons.length > 0) console.log(`\nFlask-Chat against itself in this run:\n\n${comparisons.join('\n')}`);
  if (webRows.length > 0) console.log(`\n${webLoadTable(webRows)}`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ machine: describeMachine(), rows, webRows }, null, 2));
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'));
if (isMain)
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
