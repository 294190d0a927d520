// `npm run bench`: how fast the library trains, per product backend, and (when PyTorch is
// installed) the same workload in PyTorch on this machine, side by side.
//
//   npm run bench                          # the course's sine predictor (see scripts/bench/workloads.ts)
//   npm run bench -- --all                 # sine + RNN h128/h256, LSTM h64/h128, GRU h64, 2-layer biRNN h64
//   npm run bench -- --workload lstm-h128  # one workload (repeatable: --workload a --workload b)
//   options: --backends js,wasm,wasm-fma,ml-matrix (default: the default backend and js)
//            --repeats N (default 3; the median is reported) --ours-only (no PyTorch)
//            --save <file.json>: the run as JSON (every time, the machine, the load, the BLAS), from which
//            scripts/bench/speed-table.ts writes lib/README.md's speed table
//
// Fair comparison: one thread on both sides (torch.set_num_threads(1), OPENBLAS_NUM_THREADS=1),
// runs interleaved (ours, PyTorch, ours, …) so a change in machine load hits both, the median of
// the repeats, and the BLAS that PyTorch really loaded, the backend and the load average printed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import chalk from 'chalk';
import { Command, InvalidArgumentError } from 'commander';
import Table from 'cli-table3';
import { getBackend, setBackend } from '../lib/backend/backend.ts';
import type { BackendName } from '../lib/backend/products.ts';
import { WORKLOADS, runWorkload, type Workload } from './bench/workloads.ts';
import type { SavedBench } from './bench/saved-run.ts';

interface TorchResult {
  impl: string;
  dtype: string;
  msPerStep: number;
  finalLoss: number;
  blas: string;
}

type Variant = BackendName | 'wasm-fma';

interface BenchOptions {
  all?: boolean;
  workload: string[];
  backends?: string;
  repeats: number;
  oursOnly?: boolean;
  save?: string;
}

const KNOWN_VARIANTS: Variant[] = ['ml-matrix', 'js', 'wasm', 'wasm-fma'];

function parseOptions(argv: string[]): BenchOptions {
  const program = new Command('bench')
    .description('Training steps per second of this library per product backend, beside PyTorch when installed.')
    .option('--all', 'every workload: sine, RNN h128/h256, LSTM h64/h128, GRU h64, 2-layer biRNN h64')
    .option('--workload <name>', `one workload, repeatable (${WORKLOADS.map((w) => w.name).join(', ')})`, (value: string, previous: string[]) => {
      if (!WORKLOADS.some((w) => w.name === value)) throw new InvalidArgumentError(`unknown workload '${value}'. Expected one of ${WORKLOADS.map((w) => w.name).join(', ')}`);
      return [...previous, value];
    }, [] as string[])
    .option('--backends <list>', `comma-separated, of ${KNOWN_VARIANTS.join(', ')} (default: the default backend and js)`, (value: string) => {
      for (const v of value.split(',')) if (!(KNOWN_VARIANTS as string[]).includes(v)) throw new InvalidArgumentError(`unknown backend '${v}'. Expected ${KNOWN_VARIANTS.join(', ')}`);
      return value;
    })
    .option('--repeats <n>', 'interleaved runs per implementation; the median is reported', (value: string) => {
      const n = Number(value);
      if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got '${value}'`);
      return n;
    }, 3)
    .option('--ours-only', 'no PyTorch')
    .option('--save <file>', 'also write the run as JSON (input of scripts/bench/speed-table.ts)');
  program.parse(argv, { from: 'user' });
  return program.opts<BenchOptions>();
}

const options = parseOptions(process.argv.slice(2));

function chooseWorkloads(): Workload[] {
  if (options.all) return WORKLOADS;
  if (options.workload.length === 0) return WORKLOADS.filter((w) => w.name === 'sine');
  return options.workload.map((name) => WORKLOADS.find((x) => x.name === name)!);
}

function chooseVariants(): Variant[] {
  const variants = options.backends ? options.backends.split(',') : [getBackend().name, 'js'];
  return [...new Set(variants)] as Variant[];
}

function useVariant(v: Variant): string {
  if (v === 'wasm-fma') setBackend('wasm', { fma: true });
  else setBackend(v);
  return `${getBackend().name} (${getBackend().detail})`;
}

/** One PyTorch run of a workload (both dtypes), or null when /usr/bin/python3 cannot import torch. */
function runTorch(workload: Workload): TorchResult[] | null {
  const python = '/usr/bin/python3';
  const script = fileURLToPath(new URL('./bench_torch.py', import.meta.url));
  const args = [script, '--json', '--workload', workload.name, '--steps', String(workload.steps), '--warmup', String(workload.warmup)];
  const env = { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  const run = spawnSync(python, args, { encoding: 'utf8', env });
  if (run.error || run.status !== 0) return null;
  return run.stdout.trim().split('\n').map((line) => JSON.parse(line) as TorchResult);
}

function torchAvailable(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main(): void {
  const workloads = chooseWorkloads();
  const variants = chooseVariants();
  const repeats = options.repeats;
  const withTorch = !options.oursOnly && torchAvailable();
  const defaultBackend = getBackend();
  const bold = (s: string) => chalk.bold(s); // plain text when stdout is not a terminal, or NO_COLOR is set

  const loadBefore = loadavg();
  const saved: SavedBench = {
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    machine: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`,
    node: process.version,
    repeats,
    loadBefore,
    loadAfter: [],
    blas: '',
    workloads: [],
  };
  console.log(bold('Benchmark: training steps (forward + backward + Adam), float64, one thread'));
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} (1/5/15 min)`);
  console.log(`default backend: ${defaultBackend.name} (${defaultBackend.detail}); RNN_BACKEND=${process.env.RNN_BACKEND || '(unset)'}`);
  console.log(`median of ${repeats} interleaved runs per implementation; Node ${process.version}`);
  if (!withTorch && !options.oursOnly) {
    console.log('PyTorch: not available (/usr/bin/python3 cannot import torch; `apt-get install python3-torch libopenblas0-pthread` to compare). Skipped.');
  }

  const table = new Table({
    head: ['workload', 'implementation', 'ms / step', 'vs PyTorch f64', 'final loss'],
    style: { head: [], border: [] }, // no colour codes from the table itself: chalk decides
  });
  let blas = '';
  for (const workload of workloads) {
    const ours = new Map<Variant, number[]>(variants.map((v) => [v, []]));
    const labels = new Map<Variant, string>();
    const losses = new Map<string, number>();
    const torch = new Map<string, number[]>();
    for (let r = 0; r < repeats; r++) {
      for (const v of variants) {
        labels.set(v, useVariant(v));
        const result = runWorkload(workload);
        ours.get(v)!.push(result.msPerStep);
        losses.set(v, result.finalLoss);
      }
      if (withTorch) {
        for (const t of runTorch(workload) ?? []) {
          if (!torch.has(t.impl)) torch.set(t.impl, []);
          torch.get(t.impl)!.push(t.msPerStep);
          losses.set(t.impl, t.finalLoss);
          blas = t.blas;
        }
      }
      process.stderr.write('.');
    }
    setBackend(defaultBackend.name);
    const f64 = [...torch.entries()].find(([impl]) => impl.includes('float64'));
    const f64Ms = f64 ? median(f64[1]) : NaN;
    const ratio = (ms: number) => (Number.isNaN(f64Ms) ? '–' : `${(ms / f64Ms).toFixed(2)}×`);
    const results: SavedBench['workloads'][number]['results'] = [];
    for (const v of variants) {
      const ms = median(ours.get(v)!);
      table.push([workload.name, `this library, ${labels.get(v)}`, ms.toFixed(3), ratio(ms), losses.get(v)!.toExponential(4)]);
      results.push({ implementation: v, label: `this library, ${labels.get(v)}`, medianMs: ms, runsMs: ours.get(v)!, finalLoss: losses.get(v)! });
    }
    for (const [impl, times] of torch) {
      const ms = median(times);
      table.push([workload.name, `${impl}, ${blas}`, ms.toFixed(3), ratio(ms), losses.get(impl)!.toExponential(4)]);
      results.push({ implementation: impl.includes('float64') ? 'torch-f64' : 'torch-f32', label: `${impl}, ${blas}`, medianMs: ms, runsMs: times, finalLoss: losses.get(impl)! });
    }
    saved.workloads.push({ name: workload.name, description: workload.description, steps: workload.steps, results });
  }
  process.stderr.write('\n');
  console.log(table.toString());
  for (const w of workloads) console.log(`${w.name}: ${w.description}; ${w.steps} timed steps`);
  console.log('"vs PyTorch f64" is ms per step divided by PyTorch float64\'s: below 1× this library is faster.');
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (options.save) {
    saved.loadAfter = loadavg();
    saved.blas = blas;
    const file = resolve(options.save);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
    console.log(`saved to ${options.save} (npx tsx scripts/bench/speed-table.ts --write puts it into lib/README.md)`);
  }
}

main();
