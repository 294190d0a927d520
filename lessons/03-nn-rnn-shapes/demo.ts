// Lesson 03: nn.RNN's arguments and the shapes of output and h_n for one layer, two layers,
// bidirectional, batch-first and time-major, with the facts behind them checked on real numbers.
import Table from 'cli-table3';
import { Tensor, manualSeed, nn, randn, zeros } from '../../lib/index.ts';
import { Transcript } from '../transcript.ts';

export interface ShapeRow {
  setting: string;
  input: number[];
  output: number[];
  hN: number[];
}

export interface NnRnnShapesResult {
  /** What the demo printed, by name: the numbers lessons/03-…/README.md quotes. */
  transcript: Transcript;
  basic: ShapeRow;
  stacked: ShapeRow;
  bidirectional: ShapeRow;
  stackedBidirectional: ShapeRow;
  /** Largest differences between numbers that must be equal (all ≈ 0). */
  checks: {
    basicLastOutputVsHn: number;
    timeMajorOutputVsBatchFirst: number;
    timeMajorHnVsBatchFirst: number;
    stackedLastOutputVsTopLayer: number;
    topForwardHnVsLastOutput: number;
    topBackwardHnVsFirstOutput: number;
  };
  /** A difference that must NOT be zero: h_n of the backward direction is not output[:, -1]. */
  topBackwardHnVsLastOutput: number;
  parameterShapes: [string, number[]][];
  parameterCount: number;
}

type Log = (...args: unknown[]) => void;

const shapeOf = (t: Tensor) => `(${t.shape.join(', ')})`;

const maxAbsDiff = (a: Tensor, b: Tensor): number => {
  if (a.shape.join() !== b.shape.join()) throw new Error(`compared shapes differ: (${a.shape}) vs (${b.shape})`);
  return Math.max(...Array.from(a.data, (v, i) => Math.abs(v - b.data[i])));
};

function basicAndLayouts(log: Log) {
  // #region basic
  const rnn = new nn.RNN(4, 3, { batchFirst: true });
  const x = randn([2, 5, 4]); // (batch 2, time 5, input 4)
  const h0 = zeros([1, 2, 3]); // (numLayers 1, batch 2, hidden 3)
  const [out, hn] = rnn.forward(x, h0);
  // out: (2, 5, 3) — every step's hidden state; hn: (1, 2, 3) — the last step's
  // #endregion
  // #region time-major
  const timeMajor = new nn.RNN(4, 3); // batchFirst: false (the default)
  timeMajor.loadStateDict(rnn.stateDict()); // same weights
  const [outT, hnT] = timeMajor.forward(x.transpose(0, 1), h0); // input (time 5, batch 2, input 4)
  // outT: (5, 2, 3) — time first; hnT: (1, 2, 3) — h_n never changes layout
  // #endregion
  const checks = {
    basicLastOutputVsHn: maxAbsDiff(out.select(1, -1), hn.select(0, 0)),
    timeMajorOutputVsBatchFirst: maxAbsDiff(outT.transpose(0, 1), out),
    timeMajorHnVsBatchFirst: maxAbsDiff(hnT, hn),
  };
  log(`nn.RNN(4, 3, batchFirst) 입력 ${shapeOf(x)}, h0 ${shapeOf(h0)} → out ${shapeOf(out)}, hn ${shapeOf(hn)}`);
  log(`  out[:, -1, :]와 hn[0]의 최대 차이: ${checks.basicLastOutputVsHn.toExponential(1)}  (한 층, 한 방향이면 같다)`);
  log(`time-major (batchFirst: false): 입력 ${shapeOf(x.transpose(0, 1))} → out ${shapeOf(outT)}, hn ${shapeOf(hnT)}`);
  log(`  두 배치 방식의 out (전치 후), hn 최대 차이: ${checks.timeMajorOutputVsBatchFirst.toExponential(1)}, ${checks.timeMajorHnVsBatchFirst.toExponential(1)}`);
  const basic: ShapeRow = { setting: 'RNN(4, 3, batchFirst)', input: x.shape, output: out.shape, hN: hn.shape };
  return { basic, checks };
}

function layersAndDirections(log: Log) {
  // #region layers-and-directions
  const x = randn([32, 15, 10]); // (batch 32, time 15, features 10)

  const stacked = new nn.RNN(10, 20, { numLayers: 2, batchFirst: true });
  const [out2, hN2] = stacked.forward(x); // (32, 15, 20), (2, 32, 20)

  const bi = new nn.RNN(10, 20, { numLayers: 1, batchFirst: true, bidirectional: true });
  const [outBi, hNBi] = bi.forward(x); // (32, 15, 40), (2, 32, 20)

  const stackedBi = new nn.RNN(10, 20, { numLayers: 2, batchFirst: true, bidirectional: true });
  const [outSB, hNSB] = stackedBi.forward(x); // (32, 15, 40), (4, 32, 20)
  // #endregion

  // #region which-row-of-h-n
  const H = 20;
  const T = x.shape[1];
  // hN row = layer * D + direction, so with 2 layers × 2 directions: [l0 fwd, l0 bwd, l1 fwd, l1 bwd]
  const topForward = hNSB.select(0, 2); // last layer, forward: finished at t = T−1
  const topBackward = hNSB.select(0, 3); // last layer, backward: finished at t = 0
  const forwardHalfAtEnd = outSB.select(1, T - 1).narrow(1, 0, H); // output[:, T−1, :H]
  const backwardHalfAtStart = outSB.select(1, 0).narrow(1, H, H); // output[:, 0, H:]
  const backwardHalfAtEnd = outSB.select(1, T - 1).narrow(1, H, H); // output[:, T−1, H:] is NOT topBackward
  // #endregion
  const checks = {
    stackedLastOutputVsTopLayer: maxAbsDiff(out2.select(1, -1), hN2.select(0, -1)),
    topForwardHnVsLastOutput: maxAbsDiff(topForward, forwardHalfAtEnd),
    topBackwardHnVsFirstOutput: maxAbsDiff(topBackward, backwardHalfAtStart),
  };
  const topBackwardHnVsLastOutput = maxAbsDiff(topBackward, backwardHalfAtEnd);

  const rows: ShapeRow[] = [
    { setting: 'RNN(10, 20, numLayers 2)', input: x.shape, output: out2.shape, hN: hN2.shape },
    { setting: 'RNN(10, 20, bidirectional)', input: x.shape, output: outBi.shape, hN: hNBi.shape },
    { setting: 'RNN(10, 20, numLayers 2, bidirectional)', input: x.shape, output: outSB.shape, hN: hNSB.shape },
  ];
  log(`out[:, -1]와 hN[-1] (맨 위 층) 최대 차이: ${checks.stackedLastOutputVsTopLayer.toExponential(1)}`);
  log(`양방향 2층: hN[2] (l1 정방향) vs out[:, T-1, :20] 최대 차이 ${checks.topForwardHnVsLastOutput.toExponential(1)}`);
  log(`            hN[3] (l1 역방향) vs out[:, 0, 20:]   최대 차이 ${checks.topBackwardHnVsFirstOutput.toExponential(1)}`);
  log(`            hN[3] (l1 역방향) vs out[:, T-1, 20:] 최대 차이 ${topBackwardHnVsLastOutput.toFixed(3)}  (같지 않다!)`);

  // #region parameter-names
  const parameterShapes = stackedBi.namedParameters().map(([name, p]) => [name, p.shape] as [string, number[]]);
  const parameterCount = stackedBi.parameters().reduce((n, p) => n + p.numel(), 0);
  // #endregion
  log(`\nnn.RNN(10, 20, numLayers 2, bidirectional)의 파라미터 (${parameterCount}개):`);
  for (const [name, shape] of parameterShapes) log(`  ${name.padEnd(24)} (${shape.join(', ')})`);
  return {
    stacked: rows[0],
    bidirectional: rows[1],
    stackedBidirectional: rows[2],
    checks,
    topBackwardHnVsLastOutput,
    parameterShapes,
    parameterCount,
  };
}

export async function main({ quiet = false, seed = 0 }: { quiet?: boolean; seed?: number } = {}): Promise<NnRnnShapesResult> {
  const transcript = new Transcript(quiet);
  const { log } = transcript;
  manualSeed(seed);
  transcript.block('basic');
  log('== 1. nn.RNN(4, 3)과 두 가지 배치 방식 ==');
  const first = basicAndLayouts(log);
  transcript.block('layers');
  log('\n== 2. 층 쌓기와 양방향 (batch 32, time 15, features 10, hidden 20) ==');
  const second = layersAndDirections(log);

  transcript.block('table');
  const table = new Table({ head: ['설정', '입력', 'output', 'h_n'], style: { head: [], border: [] } });
  const rows = [first.basic, second.stacked, second.bidirectional, second.stackedBidirectional];
  for (const row of rows) {
    table.push([row.setting, `(${row.input.join(', ')})`, `(${row.output.join(', ')})`, `(${row.hN.join(', ')})`]);
  }
  log(`\n${table.toString()}`);
  transcript.endBlock();
  const asCode = [
    '`nn.RNN(4, 3, { batchFirst: true })`, `h0` (1, 2, 3)',
    '`nn.RNN(10, 20, { numLayers: 2, batchFirst: true })`',
    '`nn.RNN(10, 20, { numLayers: 1, batchFirst: true, bidirectional: true })`',
    '`nn.RNN(10, 20, { numLayers: 2, batchFirst: true, bidirectional: true })`',
  ];
  const shape = (s: number[]) => `(${s.join(', ')})`;
  transcript.table(
    'shape-table',
    ['설정', '입력', '`output`', '`h_n`'],
    [
      ...rows.map((row, i) => [asCode[i], shape(row.input), shape(row.output), i === 3 ? `**${shape(row.hN)}**` : shape(row.hN)]),
      ['일반식, `batchFirst: true`', '$(N, T, F)$', '$(N, T, D \\cdot H)$', '$(L \\cdot D, N, H)$'],
      ['일반식, `batchFirst: false`', '$(T, N, F)$', '$(T, N, D \\cdot H)$', '$(L \\cdot D, N, H)$'],
    ],
    'llll',
  );
  transcript.value('parameter-count', second.parameterCount);
  transcript.value('parameter-tensors', second.parameterShapes.length);

  return {
    basic: first.basic,
    stacked: second.stacked,
    bidirectional: second.bidirectional,
    stackedBidirectional: second.stackedBidirectional,
    checks: { ...first.checks, ...second.checks },
    topBackwardHnVsLastOutput: second.topBackwardHnVsLastOutput,
    parameterShapes: second.parameterShapes,
    parameterCount: second.parameterCount,
    transcript,
  };
}
