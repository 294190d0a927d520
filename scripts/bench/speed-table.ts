// lib/README.md's speed table, generated from a saved benchmark run (npm run bench -- --save …):
//
//   npm run bench -- --all --backends wasm,js,wasm-fma --repeats 3 --save scripts/bench/results.json
//   npx tsx scripts/bench/speed-table.ts --write     # rewrites the table between the markers
//   npx tsx scripts/bench/speed-table.ts             # prints it; --check: exit 1 when the README differs
//
// Timings depend on the machine and its load, so no test can rerun them; instead the table is the
// saved run's, word for word, and scripts/bench/speed-table.test.ts fails when the two part ways.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SavedBench } from './saved-run.ts';

export const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));
export const README_FILE = fileURLToPath(new URL('../../lib/README.md', import.meta.url));
const START = '<!-- speed-table: scripts/bench/results.json -->';
const END = '<!-- /speed-table -->';

const COLUMNS: [string, string][] = [
  ['js', 'js'], ['wasm', 'wasm (default)'], ['wasm-fma', 'wasm + FMA'], ['torch-f64', 'PyTorch f64'], ['torch-f32', 'PyTorch f32'],
];

const ms = (x: number | undefined) => (x === undefined ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`);
const loads = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');

/** The markdown between the markers: where and how it was measured, then one row per workload. */
export function renderSpeedTable(run: SavedBench): string {
  const lines = [
    `Measured with \`${run.command}\` on ${run.date.slice(0, 10)} (${run.machine}, Node ${run.node.replace(/^v/, '')}, ` +
      `PyTorch on one thread with ${run.blas || 'no PyTorch'}; median of ${run.repeats} interleaved runs; load average ` +
      `${loads(run.loadBefore)} at the start, ${loads(run.loadAfter)} at the end), ms per training step:`,
    '',
    `| workload | ${COLUMNS.map(([, title]) => title).join(' | ')} | wasm / PyTorch f64 | wasm / PyTorch f32 |`,
    `|---|${COLUMNS.map(() => '---|').join('')}---|---|`,
  ];
  for (const workload of run.workloads) {
    const median = (impl: string) => workload.results.find((r) => r.implementation === impl)?.medianMs;
    const cells = COLUMNS.map(([impl]) => ms(median(impl)));
    lines.push(`| ${workload.name} | ${cells.join(' | ')} | ${ratio(median('wasm'), median('torch-f64'))} | ${ratio(median('wasm'), median('torch-f32'))} |`);
  }
  return lines.join('\n');
}

/** The README's current table (between the markers), or null when the markers are missing. */
export function tableInReadme(readme: string): string | null {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return null;
  return readme.slice(start + START.length, end).trim();
}

export function loadSavedRun(file = RESULTS_FILE): SavedBench {
  return JSON.parse(readFileSync(file, 'utf8')) as SavedBench;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const table = renderSpeedTable(loadSavedRun());
  const readme = readFileSync(README_FILE, 'utf8');
  const current = tableInReadme(readme);
  const writeOrCheck = process.argv.includes('--write') || process.argv.includes('--check');
  if (current === null && writeOrCheck) throw new Error(`speed-table: lib/README.md has no ${START} … ${END} block`);
  if (process.argv.includes('--write')) {
    const start = readme.indexOf(START) + START.length;
    writeFileSync(README_FILE, `${readme.slice(0, start)}\n${table}\n${readme.slice(readme.indexOf(END))}`);
    console.log('lib/README.md: speed table written from scripts/bench/results.json');
  } else if (process.argv.includes('--check')) {
    if (current !== table) {
      console.error('lib/README.md: the speed table differs from scripts/bench/results.json (npx tsx scripts/bench/speed-table.ts --write)');
      process.exit(1);
    }
    console.log('lib/README.md: speed table matches scripts/bench/results.json');
  } else {
    console.log(table);
  }
}
