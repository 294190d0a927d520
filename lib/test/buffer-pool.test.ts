// The buffer pool (lib/kernels/buffer-pool.ts) must never hand out a buffer that something still
// reads. These tests run the recurrent layers through the orders of use that could expose a
// buffer released too early — two forward passes before one backward, a forward pass without
// grad in between, the same graph differentiated twice, gradients and outputs read after a later
// step — once with every buffer pooled and every released buffer filled with NaN (poisoned), once
// with no pooling at all, and require the same bits from both.
import { afterEach, describe, expect, it } from 'vitest';
import { noGrad } from '../autograd.ts';
import { bufferPoolStats, configureBufferPool, releaseBuffer, takeBuffer } from '../kernels/buffer-pool.ts';
import { GRU } from '../nn/gru.ts';
import { Linear } from '../nn/linear.ts';
import { LSTM } from '../nn/lstm.ts';
import { RNN } from '../nn/rnn.ts';
import type { RNNBase } from '../nn/rnn-base.ts';
import { manualSeed, randn } from '../random.ts';
import type { Tensor } from '../tensor.ts';
import { PackedSequence, packPaddedSequence } from '../utils/packed-sequence.ts';

const defaults = configureBufferPool({});
afterEach(() => configureBufferPool(defaults));

interface Case {
  make: () => RNNBase;
  batchFirst?: boolean;
  packed?: number[];
}

const T = 5;
const N = 3;
const cases: [string, Case][] = [
  ['RNN tanh', { make: () => new RNN(4, 6) }],
  ['RNN relu, 2 layers, bidirectional', { make: () => new RNN(4, 6, { nonlinearity: 'relu', numLayers: 2, bidirectional: true }) }],
  ['RNN batchFirst', { make: () => new RNN(4, 6, { batchFirst: true }), batchFirst: true }],
  ['RNN packed', { make: () => new RNN(4, 6), packed: [5, 2, 4] }],
  ['LSTM', { make: () => new LSTM(4, 6) }],
  ['LSTM 2 layers, bidirectional, batchFirst', { make: () => new LSTM(4, 5, { numLayers: 2, bidirectional: true, batchFirst: true }), batchFirst: true }],
  ['LSTM packed, without bias', { make: () => new LSTM(4, 6, { bias: false }), packed: [3, 5, 1] }],
  ['GRU', { make: () => new GRU(4, 6) }],
  ['GRU 2 layers, dropout', { make: () => new GRU(4, 6, { numLayers: 2, dropout: 0.3 }) }],
  ['GRU packed, bidirectional', { make: () => new GRU(4, 6, { bidirectional: true }), packed: [2, 5, 5] }],
];

/** Every value the user can observe along the way, copied at the moment it is observed. */
function scenario({ make, batchFirst = false, packed }: Case): Float64Array[] {
  manualSeed(42);
  const rnn = make();
  const D = rnn.bidirectional ? 2 : 1;
  const head = new Linear(D * rnn.hiddenSize, 1);
  const params = [...rnn.parameters(), ...head.parameters()];
  const seen: Float64Array[] = [];
  const input = () => {
    const x = randn(batchFirst ? [N, T, 4] : [T, N, 4], { requiresGrad: true });
    return { x, fed: packed ? packPaddedSequence(x, packed, { batchFirst, enforceSorted: false }) : x };
  };
  const run = (fed: Tensor | PackedSequence) => {
    const [out, states] = (rnn as RNN).forward(fed as Tensor);
    const rows = out instanceof PackedSequence ? out.data : out;
    const finals = (Array.isArray(states) ? states : [states]) as Tensor[];
    let loss = head.forward(rows).pow(2).mean();
    for (const s of finals) loss = loss.add(s.mul(s).sum().mul(0.1));
    return { rows, loss };
  };
  const grads = () => params.map((p) => p.grad?.data.slice() ?? new Float64Array(0));

  // Two forward passes before one backward; the second is differentiated first.
  const first = input();
  const a = run(first.fed);
  const aOut = a.rows.data.slice();
  const second = input();
  const b = run(second.fed);
  b.loss.backward();
  const gradTensors = params.map((p) => p.grad!);
  const gradsAfterB = grads();
  seen.push(...gradsAfterB, second.x.grad!.data.slice(), b.rows.data.slice());

  // A forward pass without grad takes buffers from the pool in between.
  const third = input();
  seen.push(noGrad(() => run(third.fed)).rows.data.slice());

  // Now the first graph, twice (the second time its saved values were released and come back).
  for (const p of params) p.grad = null;
  a.loss.backward();
  seen.push(...grads(), first.x.grad!.data.slice());
  a.loss.backward();
  seen.push(...grads(), first.x.grad!.data.slice());

  // Read after later steps: the first output and the gradients of the second graph are untouched.
  expect(a.rows.data).toEqual(aOut);
  gradTensors.forEach((g, i) => expect(g.data).toEqual(gradsAfterB[i]));
  seen.push(a.rows.data.slice());
  return seen;
}

function sameBits(got: Float64Array[], want: Float64Array[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, k) => {
    expect(g.length).toBe(want[k].length);
    for (let i = 0; i < g.length; i++) {
      if (!Object.is(g[i], want[k][i])) throw new Error(`value ${k}[${i}]: ${g[i]} with the pool, ${want[k][i]} without`);
    }
  });
}

describe('recurrent layers with pooled, poisoned buffers give the bits they give without a pool', () => {
  it.each(cases)('%s', (_name, c) => {
    configureBufferPool({ minLength: Infinity, poison: false });
    const want = scenario(c);
    configureBufferPool({ minLength: 0, poison: true });
    const got = scenario(c);
    expect(bufferPoolStats().buffers).toBeGreaterThan(0); // the pool was really used
    for (const values of want) for (const v of values) expect(Number.isFinite(v)).toBe(true);
    sameBits(got, want);
  });
});

describe('takeBuffer / releaseBuffer', () => {
  it('reuses a released buffer of the same length, zero-filled unless asked not to', () => {
    configureBufferPool({ minLength: 4, poison: false });
    const buffer = takeBuffer(8);
    buffer.fill(3);
    releaseBuffer(buffer);
    const again = takeBuffer(8);
    expect(again).toBe(buffer);
    expect([...again]).toEqual(new Array(8).fill(0));
    again.fill(5);
    releaseBuffer(again);
    expect(takeBuffer(8, false)[0]).toBe(5);
  });

  it('keeps at most a few buffers of one length: a size released more often than taken does not fill the pool', () => {
    configureBufferPool({ minLength: 4, poison: false });
    for (let i = 0; i < 50; i++) releaseBuffer(new Float64Array(16));
    expect(bufferPoolStats().buffers).toBeLessThanOrEqual(8);
  });

  it('ignores views and small buffers, and refuses a double release', () => {
    configureBufferPool({ minLength: 4, poison: false });
    const whole = new Float64Array(16);
    releaseBuffer(whole.subarray(0, 8));
    releaseBuffer(new Float64Array(2));
    expect(bufferPoolStats().buffers).toBe(0);
    releaseBuffer(whole);
    expect(() => releaseBuffer(whole)).toThrow(/released twice/);
  });
});
