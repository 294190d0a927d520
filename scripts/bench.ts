// `npm run bench`: how fast the library trains the course's sine predictor, and (when PyTorch
// is installed) the same workload in PyTorch on this machine, side by side.
//
// Workload: 1000 windows of 30 points of sin (two periods per window, random phase), predict the
// next point; RNN(1, 32, batchFirst) + Linear(32, 1) on the last output, batch 32 shuffled every
// epoch from the seeded generator, MSE, Adam lr 0.01, 50 epochs. Only the training loop is timed.
// `npm run bench -- --ours-only` skips PyTorch.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { Linear } from '../lib/nn/linear.ts';
import { MSELoss } from '../lib/nn/losses/index.ts';
import { Module } from '../lib/nn/module.ts';
import { RNN } from '../lib/nn/rnn.ts';
import { Adam } from '../lib/optim/adam.ts';
import { manualSeed, rand, randperm } from '../lib/random.ts';
import { Tensor } from '../lib/tensor.ts';

const SEQ_LEN = 30;
const SAMPLES = 1000;
const HIDDEN = 32;
const BATCH = 32;
const EPOCHS = 50;
const LR = 0.01;

interface BenchResult {
  impl: string;
  wallSeconds: number;
  steps: number;
  msPerStep: number;
  finalLoss: number;
}

class SinPredictor extends Module {
  rnn = new RNN(1, HIDDEN, { batchFirst: true });
  fc = new Linear(HIDDEN, 1);

  forward(x: Tensor): Tensor {
    const [output] = this.rnn.forward(x); // (batch, T, H)
    return this.fc.forward(output.select(1, -1)).squeeze(-1); // the last output → (batch)
  }
}

/** X: (SAMPLES, SEQ_LEN, 1) windows, y: (SAMPLES) the point after each window. */
function sineData(): { X: Tensor; y: Tensor } {
  const starts = rand([SAMPLES]).data; // phases U(0, 2π), from the seeded generator
  const X = new Float64Array(SAMPLES * SEQ_LEN);
  const y = new Float64Array(SAMPLES);
  for (let s = 0; s < SAMPLES; s++) {
    const phase = starts[s] * 2 * Math.PI;
    for (let i = 0; i <= SEQ_LEN; i++) {
      const v = Math.sin(phase + (4 * Math.PI * i) / SEQ_LEN);
      if (i < SEQ_LEN) X[s * SEQ_LEN + i] = v;
      else y[s] = v;
    }
  }
  return { X: new Tensor(X, [SAMPLES, SEQ_LEN, 1]), y: new Tensor(y, [SAMPLES]) };
}

function runOurs(): BenchResult {
  manualSeed(0);
  const { X, y } = sineData();
  const model = new SinPredictor();
  const optimizer = new Adam(model.parameters(), { lr: LR });
  const lossFn = new MSELoss();
  let steps = 0;
  let epochLoss = NaN;
  const start = performance.now();
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const order = Array.from(randperm(SAMPLES).data);
    let total = 0;
    let batches = 0;
    for (let b = 0; b < SAMPLES; b += BATCH) {
      const idx = order.slice(b, b + BATCH);
      optimizer.zeroGrad();
      const loss = lossFn.forward(model.forward(X.index(idx)), y.index(idx));
      loss.backward();
      optimizer.step();
      total += loss.item();
      batches++;
      steps++;
    }
    epochLoss = total / batches;
  }
  const wallSeconds = (performance.now() - start) / 1000;
  return { impl: `this library (Node ${process.version}, float64)`, wallSeconds, steps, msPerStep: (1000 * wallSeconds) / steps, finalLoss: epochLoss };
}

/** The same workload in PyTorch, if /usr/bin/python3 can import torch; null otherwise. */
function runTorch(): BenchResult[] | null {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const script = fileURLToPath(new URL('./bench_torch.py', import.meta.url));
  const run = spawnSync(python, [script, '--json'], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
  if (run.status !== 0) {
    console.log(`PyTorch run failed (exit ${run.status}):\n${run.stderr}`);
    return null;
  }
  return run.stdout.trim().split('\n').map((line) => JSON.parse(line) as BenchResult);
}

function main(): void {
  console.log(
    `Sine predictor: RNN(1, ${HIDDEN}, batchFirst) + Linear(${HIDDEN}, 1), ${SAMPLES} windows of ${SEQ_LEN}, ` +
      `batch ${BATCH}, Adam lr ${LR}, ${EPOCHS} epochs, MSE\n`,
  );
  const ours = runOurs();
  console.log(`this library: ${ours.wallSeconds.toFixed(2)} s wall, ${ours.msPerStep.toFixed(3)} ms per training step, final loss ${ours.finalLoss.toExponential(3)}`);
  const torch = process.argv.includes('--ours-only') ? null : runTorch();
  if (torch === null && !process.argv.includes('--ours-only')) console.log('PyTorch: not available (/usr/bin/python3 cannot import torch; `apt-get install python3-torch` to compare). Skipped.');

  const table = new Table({ head: ['implementation', 'wall time', 'per step', 'final loss', 'time vs this library'] });
  for (const r of [ours, ...(torch ?? [])]) {
    table.push([r.impl, `${r.wallSeconds.toFixed(2)} s`, `${r.msPerStep.toFixed(3)} ms`, r.finalLoss.toExponential(3), `${(r.wallSeconds / ours.wallSeconds).toFixed(2)}×`]);
  }
  console.log(table.toString());
  if (torch) {
    const f64 = torch.find((r) => r.impl.includes('float64'));
    if (f64) {
      const ratio = f64.wallSeconds / ours.wallSeconds;
      console.log(
        `PyTorch float64 time / this library's time = ${ratio.toFixed(2)} ` +
          `(${ratio >= 1 ? 'this library is faster' : 'PyTorch is faster'}; same workload, 1 thread, this machine)`,
      );
    }
  }
}

main();
