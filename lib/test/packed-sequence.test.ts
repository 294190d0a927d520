// packPaddedSequence / padPackedSequence / padSequence: against PyTorch (packed.json), by hand on
// the course's example, gradients by finite differences, and bad input.
import { describe, expect, it } from 'vitest';
import { randn } from '../random.ts';
import { Tensor, tensor, type NestedArray } from '../tensor.ts';
import { gradcheck } from '../utils/gradcheck.ts';
import { PackedSequence, packPaddedSequence, padPackedSequence, padSequence } from '../utils/packed-sequence.ts';
import { expectClose, loadFixture } from './helpers/reference.ts';
import { onEveryBackend } from './helpers/backends.ts';

interface PackedCase {
  name: string;
  input: NestedArray;
  lengths: number[];
  batchFirst: boolean;
  enforceSorted: boolean;
  data: NestedArray;
  batchSizes: number[];
  sortedIndices: number[] | null;
  unsortedIndices: number[] | null;
  padded: NestedArray;
  paddedLengths: number[];
  paddingValue: number;
  totalLength: number | null;
}

onEveryBackend('pack/pad match PyTorch (packed.json)', () => {
  const { cases } = loadFixture<PackedCase>('packed');
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const packed = packPaddedSequence(tensor(c.input), c.lengths, { batchFirst: c.batchFirst, enforceSorted: c.enforceSorted });
    expectClose(packed.data, c.data, 'data');
    expect(Array.from(packed.batchSizes.data)).toEqual(c.batchSizes);
    expect(packed.sortedIndices === null ? null : Array.from(packed.sortedIndices.data)).toEqual(c.sortedIndices);
    expect(packed.unsortedIndices === null ? null : Array.from(packed.unsortedIndices.data)).toEqual(c.unsortedIndices);
    const [padded, lengths] = padPackedSequence(packed, {
      batchFirst: c.batchFirst,
      paddingValue: c.paddingValue,
      totalLength: c.totalLength ?? undefined,
    });
    expectClose(padded, c.padded, 'padded');
    expect(Array.from(lengths.data)).toEqual(c.paddedLengths);
  });
});

describe('packPaddedSequence on the course example', () => {
  it('lengths [2, 1, 3] give batchSizes [3, 2, 1], sortedIndices [2, 0, 1], unsortedIndices [1, 2, 0]', () => {
    // Sequence b holds the values 10·b + t, so every packed row says where it came from.
    const x = tensor([0, 1, 2].map((t) => [0, 1, 2].map((b) => [10 * b + t])));
    const packed = packPaddedSequence(x, [2, 1, 3], { enforceSorted: false });
    expect(Array.from(packed.batchSizes.data)).toEqual([3, 2, 1]);
    expect(Array.from(packed.sortedIndices!.data)).toEqual([2, 0, 1]);
    expect(Array.from(packed.unsortedIndices!.data)).toEqual([1, 2, 0]);
    expect(Array.from(packed.data.data)).toEqual([20, 0, 10, 21, 1, 22]);
  });

  it('accepts lengths as a tensor and keeps ties in their original order', () => {
    const x = randn([3, 4, 2]);
    const packed = packPaddedSequence(x, tensor([3, 1, 3, 2]), { enforceSorted: false });
    expect(Array.from(packed.sortedIndices!.data)).toEqual([0, 2, 3, 1]);
  });

  it('a round trip returns the input where it is not padding, the padding value elsewhere', () => {
    const x = randn([2, 4, 3]); // batchFirst: (B, T, features)
    const packed = packPaddedSequence(x, [2, 4], { batchFirst: true, enforceSorted: false });
    const [padded, lengths] = padPackedSequence(packed, { batchFirst: true, paddingValue: -7 });
    expect(Array.from(lengths.data)).toEqual([2, 4]);
    expectClose(padded.select(0, 1), x.select(0, 1), 'the full-length sequence');
    expectClose(padded.select(0, 0).narrow(0, 0, 2), x.select(0, 0).narrow(0, 0, 2), 'the valid part of the short one');
    expect(Array.from(padded.select(0, 0).narrow(0, 2, 2).data)).toEqual(new Array(6).fill(-7));
  });
});

describe('padSequence', () => {
  it('stacks sequences of different lengths, time-major or batch-first', () => {
    const a = tensor([[1, 2], [3, 4], [5, 6]]);
    const b = tensor([[7, 8]]);
    expect(padSequence([a, b]).toArray()).toEqual([[[1, 2], [7, 8]], [[3, 4], [0, 0]], [[5, 6], [0, 0]]]);
    expect(padSequence([a, b], { batchFirst: true, paddingValue: 9 }).toArray()).toEqual([
      [[1, 2], [3, 4], [5, 6]],
      [[7, 8], [9, 9], [9, 9]],
    ]);
    expect(padSequence([tensor([1, 2]), tensor([3])]).toArray()).toEqual([[1, 3], [2, 0]]);
  });

  it('rejects sequences whose trailing shapes differ', () => {
    expect(() => padSequence([randn([2, 3]), randn([2, 4])])).toThrow(/Expected \(L, 3\).*got \[2, 4\] at index 1/);
    expect(() => padSequence([])).toThrow(/non-empty/);
  });
});

describe('pack and pad are differentiable (finite differences)', () => {
  it('packPaddedSequence, unsorted, batch-first', () => {
    const x = randn([3, 3, 2], { requiresGrad: true });
    expect(gradcheck((t) => packPaddedSequence(t, [2, 3, 1], { batchFirst: true, enforceSorted: false }).data, [x])).toBe(true);
  });

  it('padPackedSequence with a totalLength', () => {
    const data = randn([6, 2], { requiresGrad: true });
    const fn = (d: Tensor) => padPackedSequence(new PackedSequence(d, [3, 2, 1], [2, 0, 1]), { totalLength: 4, paddingValue: 1 })[0];
    expect(gradcheck(fn, [data])).toBe(true);
  });

  it('padSequence', () => {
    const a = randn([3, 2], { requiresGrad: true });
    const b = randn([1, 2], { requiresGrad: true });
    expect(gradcheck((p, q) => padSequence([p, q], { batchFirst: true }), [a, b])).toBe(true);
  });
});

describe('pack/pad reject bad input with what was expected and what was given', () => {
  const x = randn([3, 3, 1]); // (T = 3, B = 3, 1)
  it('unsorted lengths under enforceSorted', () => {
    expect(() => packPaddedSequence(x, [2, 1, 3])).toThrow(/Expected a non-increasing sequence, got \[2, 1, 3\].*enforceSorted: false/);
  });
  it('a length of 0 or below', () => {
    expect(() => packPaddedSequence(x, [3, 0, 1])).toThrow(/greater than 0, got 0 at index 1/);
    expect(() => packPaddedSequence(x, [3, -1, 1], { enforceSorted: false })).toThrow(/greater than 0, got -1 at index 1/);
  });
  it('a length longer than the padded input', () => {
    expect(() => packPaddedSequence(x, [4, 1, 1])).toThrow(/at most the padded length 3, got 4 at index 0/);
  });
  it('the wrong number of lengths', () => {
    expect(() => packPaddedSequence(x, [3, 1])).toThrow(/one length per sequence, 3 .*got 2/);
  });
  it('non-integer lengths', () => {
    expect(() => packPaddedSequence(x, [3, 1.5, 1])).toThrow(/integers, got 1.5 at index 1/);
  });
  it('totalLength shorter than the longest sequence', () => {
    const packed = packPaddedSequence(x, [3, 2, 1]);
    expect(() => padPackedSequence(packed, { totalLength: 2 })).toThrow(/at least the length of the longest sequence, 3, got totalLength = 2/);
  });
  it('a PackedSequence whose batchSizes do not fit its data', () => {
    expect(() => new PackedSequence(randn([5, 2]), [3, 2, 1])).toThrow(/sum\(batchSizes\) = 6 rows, got 5/);
    expect(() => new PackedSequence(randn([6, 2]), [2, 3, 1])).toThrow(/non-increasing, got \[2, 3, 1\]/);
  });
});
