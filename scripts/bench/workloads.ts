// The bench's workloads, in this library. The same ones in PyTorch are in scripts/bench_torch.py.
//
// `sine`: the course's sine predictor — 1000 windows of 30 points of sin (two periods per window,
// random phase), predict the next point; RNN(1, 32, batchFirst) + Linear(32, 1) on the last output,
// batch 32 shuffled every epoch, MSE, Adam lr 0.01, 50 epochs (1600 steps).
// The larger ones: batch 32, T = 100, input 16, a recurrent model + Linear(D·H, 1) on every step's
// output, MSE against a fixed random target on every step, forward + backward + Adam.
import { GRU } from '../../lib/nn/gru.ts';
import { Linear } from '../../lib/nn/linear.ts';
import { MSELoss } from '../../lib/nn/losses/index.ts';
import { LSTM } from '../../lib/nn/lstm.ts';
import { Module } from '../../lib/nn/module.ts';
import { RNN } from '../../lib/nn/rnn.ts';
import { Adam } from '../../lib/optim/adam.ts';
import { manualSeed, rand, randn, randperm } from '../../lib/random.ts';
import { Tensor } from '../../lib/tensor.ts';

export interface Workload {
  name: string;
  description: string;
  /** Training steps timed (after `warmup` untimed ones). */
  steps: number;
  warmup: number;
}

export const SEQUENCE_WORKLOADS = {
  'rnn-h128': { kind: 'RNN', hidden: 128, layers: 1, bidirectional: false },
  'rnn-h256': { kind: 'RNN', hidden: 256, layers: 1, bidirectional: false },
  'lstm-h64': { kind: 'LSTM', hidden: 64, layers: 1, bidirectional: false },
  'lstm-h128': { kind: 'LSTM', hidden: 128, layers: 1, bidirectional: false },
  'gru-h64': { kind: 'GRU', hidden: 64, layers: 1, bidirectional: false },
  'birnn2-h64': { kind: 'RNN', hidden: 64, layers: 2, bidirectional: true },
} as const;
export type SequenceWorkloadName = keyof typeof SEQUENCE_WORKLOADS;

export const WORKLOADS: Workload[] = [
  { name: 'sine', description: 'RNN(1, 32, batchFirst) + Linear on the last step, 1000 windows of 30, batch 32, Adam, 50 epochs', steps: 1600, warmup: 0 },
  ...Object.entries(SEQUENCE_WORKLOADS).map(([name, w]) => ({
    name,
    description: `${w.layers === 2 ? '2-layer ' : ''}${w.bidirectional ? 'bidirectional ' : ''}${w.kind}(16, ${w.hidden}) + Linear per step, batch 32, T 100, MSE every step, Adam`,
    steps: w.hidden >= 128 || w.bidirectional ? 6 : 10,
    warmup: 1,
  })),
];

export interface RunResult {
  msPerStep: number;
  finalLoss: number;
}

const SEQ_LEN = 30;
const SAMPLES = 1000;
const BATCH = 32;

class SinPredictor extends Module {
  rnn = new RNN(1, 32, { batchFirst: true });
  fc = new Linear(32, 1);

  forward(x: Tensor): Tensor {
    const [output] = this.rnn.forward(x); // (batch, T, H)
    return this.fc.forward(output.select(1, -1)).squeeze(-1); // the last output → (batch)
  }
}

function runSine(): RunResult {
  manualSeed(0);
  const starts = rand([SAMPLES]).data; // phases U(0, 2π), from the seeded generator
  const xs = new Float64Array(SAMPLES * SEQ_LEN);
  const ys = new Float64Array(SAMPLES);
  for (let s = 0; s < SAMPLES; s++) {
    const phase = starts[s] * 2 * Math.PI;
    for (let i = 0; i <= SEQ_LEN; i++) {
      const v = Math.sin(phase + (4 * Math.PI * i) / SEQ_LEN);
      if (i < SEQ_LEN) xs[s * SEQ_LEN + i] = v;
      else ys[s] = v;
    }
  }
  const X = new Tensor(xs, [SAMPLES, SEQ_LEN, 1]);
  const y = new Tensor(ys, [SAMPLES]);
  const model = new SinPredictor();
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const lossFn = new MSELoss();
  let steps = 0;
  let epochLoss = NaN;
  const start = performance.now();
  for (let epoch = 0; epoch < 50; epoch++) {
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
  return { msPerStep: (performance.now() - start) / steps, finalLoss: epochLoss };
}

class SequenceModel extends Module {
  rnn: RNN | GRU | LSTM;
  fc: Linear;

  constructor(kind: string, hidden: number, layers: number, bidirectional: boolean) {
    super();
    const options = { numLayers: layers, bidirectional };
    this.rnn = kind === 'LSTM' ? new LSTM(16, hidden, options) : kind === 'GRU' ? new GRU(16, hidden, options) : new RNN(16, hidden, options);
    this.fc = new Linear(hidden * (bidirectional ? 2 : 1), 1);
  }

  forward(x: Tensor): Tensor {
    const output = this.rnn instanceof LSTM ? this.rnn.forward(x)[0] : this.rnn.forward(x)[0];
    return this.fc.forward(output as Tensor); // (T, N, 1): a prediction at every step
  }
}

function runSequence(name: SequenceWorkloadName, workload: Workload): RunResult {
  const w = SEQUENCE_WORKLOADS[name];
  manualSeed(0);
  const model = new SequenceModel(w.kind, w.hidden, w.layers, w.bidirectional);
  const x = randn([100, BATCH, 16]);
  const target = randn([100, BATCH, 1]);
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new MSELoss();
  let loss = NaN;
  let start = performance.now();
  for (let s = 0; s < workload.warmup + workload.steps; s++) {
    if (s === workload.warmup) start = performance.now();
    optimizer.zeroGrad();
    const l = lossFn.forward(model.forward(x), target);
    l.backward();
    optimizer.step();
    loss = l.item();
  }
  return { msPerStep: (performance.now() - start) / workload.steps, finalLoss: loss };
}

/** Runs one workload once on the active backend. */
export function runWorkload(workload: Workload): RunResult {
  if (workload.name === 'sine') return runSine();
  return runSequence(workload.name as SequenceWorkloadName, workload);
}
