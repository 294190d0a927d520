import { beforeAll, describe, expect, it } from 'vitest';
import { expectReadmeMatchesDemo } from '../test/readme-sync.ts';
import { main, type PackingResult } from './demo.ts';

const DEMO_TIMEOUT_MS = 60_000;

describe('lesson 10: padding and packing', () => {
  let result: PackingResult;
  beforeAll(async () => {
    result = await main({ quiet: true });
  }, DEMO_TIMEOUT_MS);

  it('the README quotes exactly what the demo prints (npm run lesson -- --sync rewrites it)', () => {
    expectReadmeMatchesDemo('10-variable-length-packing', result.transcript);
  });

  it('packs lengths [2, 1, 3] longest first, step by step', () => {
    expect(result.lengths).toEqual([2, 1, 3]);
    expect(result.paddedShape).toEqual([3, 3, 1]);
    expect(result.packedCodes).toEqual([31, 11, 21, 32, 12, 33]);
    expect(result.batchSizes).toEqual([3, 2, 1]);
    expect(result.sortedIndices).toEqual([2, 0, 1]);
    expect(result.unsortedIndices).toEqual([1, 2, 0]);
  });

  it('unpacks to the original order with zeros at the padded positions', () => {
    expect(result.unpackedLengths).toEqual([4, 2, 6]);
    expect(result.unpackedPaddingMax).toBe(0);
  });

  it('gives each sequence the h_n it has alone, in both directions, only when packed', () => {
    for (const gaps of [result.unidirectional, result.bidirectional]) {
      expect(gaps.packed).toBeLessThan(1e-12);
      expect(gaps.paddedOnly).toBeGreaterThan(1e-3);
    }
    const [forward, backward] = result.bidirectional.perDirection;
    expect(backward.paddedOnly, 'padding also shifts the backward direction').toBeGreaterThan(1e-3);
    // the README says: the bidirectional layer's forward weights are the unidirectional RNN's, so its gap is the same
    expect(forward.paddedOnly).toBe(result.unidirectional.paddedOnly);
  });
});
