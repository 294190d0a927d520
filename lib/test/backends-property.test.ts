// Property tests: the js and wasm backends give exactly ml-matrix's bits — products of random
// shapes and offsets (1×1, K = 1, sizes off the 4×4 block, non-finite values), and whole
// recurrent layers over packed batches whose sizes shrink. The wasm backend here sends every
// product through WebAssembly (no js fallback for small ones), so the SIMD kernel is what is tested.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend } from '../backend/backend.ts';
import { jsBackend } from '../backend/js.ts';
import { mlMatrixBackend } from '../backend/ml-matrix.ts';
import type { ProductBackend } from '../backend/products.ts';
import { paddedStride, wasmBackend } from '../backend/wasm.ts';
import { gruLayer } from '../kernels/gru-kernel.ts';
import { lstmLayer } from '../kernels/lstm-kernel.ts';
import { rnnLayer } from '../kernels/rnn-kernel.ts';
import { Tensor } from '../tensor.ts';

const wasmEverywhere = wasmBackend(false, { smallProduct: 0 });
const fastBackends: [string, ProductBackend][] = [['js', jsBackend], ['wasm', wasmEverywhere]];
const initial = getBackend().name;
afterAll(() => {
  setBackend(initial);
});

/** Index of the first entry where the two differ bit for bit (NaN equals NaN), or −1. */
function firstDifference(x: Float64Array, y: Float64Array): number {
  if (x.length !== y.length) return 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  return -1;
}

// Mostly ordinary numbers, sometimes exact zeros, signed zeros, infinities and NaN.
const entry = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 1e300, -1e-300) },
);
const dim = fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 19 }), fc.integer({ min: 17, max: 40 }));

const productCase = fc
  .record({ m: dim, n: dim, k: dim, aOff: fc.nat(3), bOff: fc.nat(3), cOff: fc.nat(3), accumulate: fc.boolean(), op: fc.constantFrom('gemmNN', 'gemmNT', 'gemmTN') as fc.Arbitrary<'gemmNN' | 'gemmNT' | 'gemmTN'> })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      a: fc.array(entry, { minLength: shape.aOff + shape.m * shape.k, maxLength: shape.aOff + shape.m * shape.k }),
      b: fc.array(entry, { minLength: shape.bOff + shape.n * shape.k, maxLength: shape.bOff + shape.n * shape.k }),
      c: fc.array(entry, { minLength: shape.cOff + shape.m * shape.n + 2, maxLength: shape.cOff + shape.m * shape.n + 2 }),
    }),
  );

describe('js and wasm products equal ml-matrix bit for bit', () => {
  it.each(fastBackends)('%s: random shapes, offsets and values, with and without accumulation', (_name, backend) => {
    fc.assert(
      fc.property(productCase, ({ shape, a, b, c }) => {
        const { m, n, k, aOff, bOff, cOff, accumulate, op } = shape;
        const run = (be: ProductBackend) => {
          const out = Float64Array.from(c);
          be[op](m, n, k, Float64Array.from(a), aOff, Float64Array.from(b), bOff, out, cOff, accumulate);
          return out;
        };
        const expected = run(mlMatrixBackend);
        const actual = run(backend);
        const at = firstDifference(actual, expected);
        expect(at, `${op} ${m}×${n}×${k}: entry ${at} is ${actual[at]}, ml-matrix gives ${expected[at]}`).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });

  it('wasm with resident operands (withResident): the same bits, and C written back only when asked', () => {
    const residentCase = fc.record({
      product: productCase,
      which: fc.subarray(['a', 'b', 'c'] as const),
      writeBack: fc.boolean(),
      repeat: fc.integer({ min: 1, max: 3 }), // products in a row into the same resident C
    });
    fc.assert(
      fc.property(residentCase, ({ product: { shape, a, b, c }, which, writeBack, repeat }) => {
        const { m, n, k, aOff, bOff, cOff, accumulate, op } = shape;
        const run = (be: ProductBackend, resident: boolean) => {
          const [A, B, C] = [Float64Array.from(a), Float64Array.from(b), Float64Array.from(c)];
          const products = () => { for (let r = 0; r < repeat; r++) be[op](m, n, k, A, aOff, B, bOff, C, cOff, accumulate); };
          if (!resident) products();
          else {
            const arrays = which.map((x) => ({ a: A, b: B, c: C })[x]);
            be.withResident!(arrays, writeBack ? arrays : [], products);
          }
          return C;
        };
        const expected = run(mlMatrixBackend, false);
        for (const backend of [wasmEverywhere, wasmBackend(false)]) {
          const actual = run(backend, true);
          // A resident C not written back keeps its old values on the JS side.
          const want = which.includes('c') && !writeBack ? Float64Array.from(c) : expected;
          const at = firstDifference(actual, want);
          expect(at, `${op} ${m}×${n}×${k} resident ${which.join(',')}: entry ${at} is ${actual[at]}, expected ${want[at]}`).toBe(-1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('wasm: operands whose rows it pads (widths that are multiples of 256), copied in or resident', () => {
    expect(paddedStride(256)).toBe(260);
    expect(paddedStride(255)).toBe(255);
    let seed = 1;
    const random = (length: number) => Float64Array.from({ length }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2);
    for (const [m, n, k] of [[5, 256, 7], [256, 3, 9], [33, 512, 17], [256, 256, 5], [4, 768, 1]]) {
      for (const op of ['gemmNN', 'gemmNT', 'gemmTN'] as const) {
        const [a, b, c] = [random(1 + m * k), random(1 + n * k), random(2 + m * n)];
        const run = (be: ProductBackend, residentB: boolean) => {
          const out = c.slice();
          const twice = () => { for (let r = 0; r < 2; r++) be[op](m, n, k, a, 1, b, 1, out, 2, true); };
          if (residentB) be.withResident!([b], [], twice);
          else twice();
          return out;
        };
        const expected = run(mlMatrixBackend, false);
        for (const [label, actual] of [['copied in', run(wasmEverywhere, false)], ['resident B', run(wasmEverywhere, true)]] as const) {
          const at = firstDifference(actual, expected);
          expect(at, `${op} ${m}×${n}×${k}, ${label}: entry ${at} is ${actual[at]}, ml-matrix gives ${expected[at]}`).toBe(-1);
        }
      }
    }
  });

  it('wasm: a resident B written by a product, or padded inside a nested withResident, is read afresh', () => {
    const k = 6;
    const n = 256; // padded: the padded copy of X must follow X's changes
    let seed = 7;
    const random = (length: number) => Float64Array.from({ length }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
    const [a1, a2, b2, a3, other] = [random(3 * k), random(k * 5), random(5 * n), random(3 * k), random(16)];
    const sequence = (be: ProductBackend, resident: boolean) => {
      const x = Float64Array.from({ length: k * n }, (_, i) => Math.sin(i));
      const y1 = new Float64Array(3 * n);
      const y2 = new Float64Array(3 * n);
      const y3 = new Float64Array(3 * n);
      const steps = () => {
        be.gemmNN(3, n, k, a1, 0, x, 0, y1, 0, false); // X read as B (a padded copy is made)
        be.gemmNN(k, n, 5, a2, 0, b2, 0, x, 0, true); // X written as C
        be.gemmNN(3, n, k, a3, 0, x, 0, y2, 0, false); // X read again: the new values
        be.gemmNN(k, n, 5, a2, 0, b2, 0, x, 0, true); // X written again, so that…
        const inner = () => be.gemmNN(3, n, k, a1, 0, x, 0, y3, 0, false); // …its padded copy is made inside a nested call…
        if (resident) be.withResident!([other], [], inner);
        else inner();
        be.gemmNN(3, n, k, a3, 0, x, 0, y3, 0, true); // …and read after it ended
      };
      if (resident) be.withResident!([x], [x], steps);
      else steps();
      return [x, y1, y2, y3];
    };
    const expected = sequence(mlMatrixBackend, false);
    const actual = sequence(wasmEverywhere, true);
    actual.forEach((got, i) => expect(firstDifference(got, expected[i]), `result ${i}`).toBe(-1));
  });

  it.each([['ml-matrix', mlMatrixBackend] as [string, ProductBackend], ...fastBackends])('%s: 0·∞ gives NaN, in blocks and at the edges', (_name, backend) => {
    for (const [m, n, k] of [[1, 1, 1], [4, 4, 3], [5, 6, 7], [8, 8, 1]]) {
      for (const op of ['gemmNN', 'gemmNT', 'gemmTN'] as const) {
        const a = new Float64Array(m * k); // zeros…
        const b = new Float64Array(k * n).fill(Infinity); // …times infinities
        const c = new Float64Array(m * n);
        backend[op](m, n, k, a, 0, b, 0, c, 0, false);
        expect(c.every(Number.isNaN), `${op} ${m}×${n}×${k}`).toBe(true);
      }
    }
  });

  it('the sum really is ordered: a result that depends on the order is the same on every backend', () => {
    // 1e16 + 1 − 1e16 is 0 summed left to right, 1 in other orders; k = 3 hits a block and an edge.
    const a = Float64Array.from([1e16, 1, -1e16, 1e16, 1, -1e16, 1e16, 1, -1e16, 1e16, 1, -1e16, 1e16, 1, -1e16]); // 5×3
    const b = new Float64Array(3 * 6).fill(1); // 3×6
    for (const be of [mlMatrixBackend, jsBackend, wasmEverywhere]) {
      const c = new Float64Array(5 * 6);
      be.gemmNN(5, 6, 3, a, 0, b, 0, c, 0, false);
      expect(Array.from(c), be.name).toEqual(new Array(30).fill(0));
    }
  });
});

// ---- Whole recurrent layers over packed batches (shrinking batch sizes) ----

interface LayerCase { kind: 'rnn' | 'gru' | 'lstm'; inputSize: number; hidden: number; sizes: number[]; reverse: boolean; seed: number }

const layerCase: fc.Arbitrary<LayerCase> = fc
  .record({
    kind: fc.constantFrom<LayerCase['kind'][]>('rnn', 'gru', 'lstm'),
    inputSize: fc.integer({ min: 1, max: 6 }),
    hidden: fc.integer({ min: 1, max: 9 }),
    // batch sizes: non-increasing, from a random batch down
    sizes: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 }).map((s) => s.sort((x, y) => y - x)),
    reverse: fc.boolean(),
    seed: fc.integer(),
  });

/** Deterministic pseudo-random values in (−1, 1) from a seed (the layer's data, not under test). */
function values(count: number, seed: number): Float64Array {
  const out = new Float64Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function runLayer(backend: ProductBackend, c: LayerCase): Float64Array[] {
  setBackend(backend);
  const gates = c.kind === 'rnn' ? 1 : c.kind === 'gru' ? 3 : 4;
  const G = gates * c.hidden;
  const rows = c.sizes.reduce((x, y) => x + y, 0);
  const batch = c.sizes[0];
  const leaf = (shape: number[], seed: number) => new Tensor(values(shape.reduce((x, y) => x * y, 1), c.seed + seed), shape, { requiresGrad: true });
  const x = leaf([rows, c.inputSize], 1);
  const h0 = leaf([batch, c.hidden], 2);
  const c0 = leaf([batch, c.hidden], 3);
  const wIh = leaf([G, c.inputSize], 4);
  const wHh = leaf([G, c.hidden], 5);
  const bIh = leaf([G], 6);
  const bHh = leaf([G], 7);
  const options = { batchSizes: c.sizes, reverse: c.reverse };
  const out = c.kind === 'rnn' ? rnnLayer(x, h0, wIh, wHh, bIh, bHh, options)
    : c.kind === 'gru' ? gruLayer(x, h0, wIh, wHh, bIh, bHh, options)
      : lstmLayer(x, h0, c0, wIh, wHh, bIh, bHh, options);
  out.mul(new Tensor(values(out.numel(), c.seed + 8), out.shape)).sum().backward();
  const grads = [x, h0, wIh, wHh, bIh, bHh, ...(c.kind === 'lstm' ? [c0] : [])].map((t) => t.grad?.data ?? new Float64Array(0));
  return [out.data, ...grads];
}

describe('recurrent layers give the same bits on every backend', () => {
  it.each(fastBackends)('%s: RNN, GRU and LSTM layers, outputs and every gradient, packed batches', (_name, backend) => {
    fc.assert(
      fc.property(layerCase, (c) => {
        const expected = runLayer(mlMatrixBackend, c);
        const actual = runLayer(backend, c);
        actual.forEach((got, q) => {
          const at = firstDifference(got, expected[q]);
          expect(at, `${c.kind} sizes [${c.sizes}] result ${q}: entry ${at} is ${got[at]}, ml-matrix gives ${expected[q][at]}`).toBe(-1);
        });
      }),
      { numRuns: 60 },
    );
  });
});
