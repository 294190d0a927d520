// `npm run ex -- 02`: predicted shapes next to the ones nn.RNN really returns, for the notes' configurations,
// and the last layer's final states read from h_n next to the matching time steps of output.
import Table from 'cli-table3';
import { manualSeed, nn, randn } from '../../lib/index.ts';
import { type RnnConfig, finalStatesOfLastLayer, inputShape, measureShapes, predictShapes } from './shapes.ts';

const text = (shape: number[]) => `(${shape.join(', ')})`;
const same = (a: number[], b: number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

const configs: [string, RnnConfig][] = [
  ['노트 001: RNN(4, 3)', { inputSize: 4, hiddenSize: 3, numLayers: 1, batchFirst: true, bidirectional: false, batch: 2, seqLen: 5 }],
  ['노트 002: RNN(10, 20), 2층', { inputSize: 10, hiddenSize: 20, numLayers: 2, batchFirst: true, bidirectional: false, batch: 32, seqLen: 15 }],
  ['연습 1: RNN(5, 16), 2층', { inputSize: 5, hiddenSize: 16, numLayers: 2, batchFirst: true, bidirectional: false, batch: 8, seqLen: 20 }],
  ['연습 1 + bidirectional', { inputSize: 5, hiddenSize: 16, numLayers: 2, batchFirst: true, bidirectional: true, batch: 8, seqLen: 20 }],
  ['연습 1, batchFirst: false', { inputSize: 5, hiddenSize: 16, numLayers: 2, batchFirst: false, bidirectional: false, batch: 20, seqLen: 8 }],
];

export async function main(_options: { outDir: string }): Promise<void> {
  manualSeed(0);
  const table = new Table({ head: ['설정 (config)', 'input', '예측 output', '예측 h_n', 'nn.RNN output', 'nn.RNN h_n', ''], style: { head: [], border: [] } });
  for (const [label, config] of configs) {
    const predicted = predictShapes(config);
    const measured = measureShapes(config);
    const ok = same(predicted.output, measured.output) && same(predicted.hN, measured.hN);
    table.push([label, text(inputShape(config)), text(predicted.output), text(predicted.hN), text(measured.output), text(measured.hN), ok ? '✓' : '✗']);
  }
  console.log(table.toString());

  console.log('\n마지막 층의 최종 상태 (2층, 양방향, 배치 3, 4 시점, 은닉 5):');
  const rnn = new nn.RNN(2, 5, { numLayers: 2, bidirectional: true, batchFirst: true });
  const [output, hN] = rnn.forward(randn([3, 4, 2]));
  const final = finalStatesOfLastLayer(hN, 2, true);
  // Forward direction ends at the last step, backward direction at the first.
  const forwardAtEnd = output.select(1, 3).narrow(1, 0, 5);
  const backwardAtStart = output.select(1, 0).narrow(1, 5, 5);
  console.log(`h_n ${text(hN.shape)} → ${text(final.shape)}`);
  console.log(`max |정방향 − output[:, -1, :5]| = ${final.narrow(1, 0, 5).sub(forwardAtEnd).abs().max().item().toExponential(1)}`);
  console.log(`max |역방향 − output[:, 0, 5:]|  = ${final.narrow(1, 5, 5).sub(backwardAtStart).abs().max().item().toExponential(1)}`);
}
