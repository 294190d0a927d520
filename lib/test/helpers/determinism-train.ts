// A short seeded training run, printed at full precision. random.test.ts runs it in two separate
// processes and requires bit-identical output: same seed → same data, init, dropout masks,
// shuffles, losses and weights, in every process.
// Usage: node --import tsx lib/test/helpers/determinism-train.ts <seed> [sgd|adam] [mlp|rnn]
import { Tanh } from '../../nn/activation.ts';
import { Dropout } from '../../nn/dropout.ts';
import { Linear } from '../../nn/linear.ts';
import { Module } from '../../nn/module.ts';
import { RNN } from '../../nn/rnn.ts';
import { MSELoss } from '../../nn/losses/index.ts';
import { Sequential } from '../../nn/sequential.ts';
import { Adam } from '../../optim/adam.ts';
import { SGD } from '../../optim/sgd.ts';
import { manualSeed, randn, randperm } from '../../random.ts';
import type { Tensor } from '../../tensor.ts';
import { clipGradNorm_ } from '../../utils/clip-grad.ts';

const seed = process.argv[2] ?? '0';
const optimizerName = process.argv[3] ?? 'adam';
manualSeed(seed);

const modelName = process.argv[4] ?? 'mlp';

/** RNN over 4 steps, dropout, then a linear head on the last step. */
class SequenceModel extends Module {
  rnn = new RNN(3, 6, { batchFirst: true });
  drop = new Dropout(0.2);
  fc = new Linear(6, 1);
  forward(x: Tensor): Tensor {
    const [out] = this.rnn.forward(x);
    return this.fc.forward(this.drop.forward(out.select(1, -1)));
  }
}

const inputs = modelName === 'rnn' ? randn([16, 4, 3]) : randn([16, 3]);
const summary = modelName === 'rnn' ? inputs.sum(1) : inputs;
const targets = summary.matmul(randn([3, 1])).tanh().add(randn([16, 1]).mul(0.1));
const model: Module = modelName === 'rnn' ? new SequenceModel() : new Sequential(new Linear(3, 8), new Tanh(), new Dropout(0.2), new Linear(8, 1));
const optimizer = optimizerName === 'sgd' ? new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }) : new Adam(model.parameters(), { lr: 0.01 });
const lossFn = new MSELoss();

const bits = (values: Float64Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('hex');
const lines: string[] = [];
for (let epoch = 0; epoch < 3; epoch++) {
  const order = Array.from(randperm(16).data);
  for (let start = 0; start < 16; start += 4) {
    const batch = order.slice(start, start + 4);
    optimizer.zeroGrad();
    const loss = lossFn.forward(model.forward(inputs.index(batch)), targets.index(batch));
    loss.backward();
    const norm = clipGradNorm_(model.parameters(), 1.0);
    optimizer.step();
    lines.push(`epoch ${epoch} batch ${start / 4} loss ${loss.item()} norm ${norm} bits ${bits(loss.data)}`);
  }
}
for (const [name, p] of model.namedParameters()) lines.push(`${name} ${bits(p.data)}`);
process.stdout.write(lines.join('\n') + '\n');
