import { beforeAll, describe, expect, it } from 'vitest';
import { expectReadmeMatchesDemo } from '../test/readme-sync.ts';
import { main, type ManyToManyResult } from './demo.ts';

// Generous: these tests check what the demo computes, not how fast a busy machine runs it.
const DEMO_TIMEOUT_MS = 60_000;

describe('lesson 06: many-to-many', () => {
  let result: ManyToManyResult;
  beforeAll(async () => {
    result = await main({ quiet: true });
  }, DEMO_TIMEOUT_MS);

  it('the README quotes exactly what the demo prints (npm run lesson -- --sync rewrites it)', () => {
    expectReadmeMatchesDemo('06-many-to-many', result.transcript);
  });

  it('keeps the time axis: one score vector per step', () => {
    expect(result.shapes).toEqual({ input: [128, 12, 5], target: [128, 12], logits: [128, 12, 3] });
  });

  it('cross-entropy over (N·T, C) equals cross-entropy over (N, C, T)', () => {
    expect(Math.abs(result.lossFlattened - result.lossClassesOnDim1)).toBeLessThan(1e-12);
    // an untrained model is close to guessing among 3 tags: ln 3 ≈ 1.0986
    expect(result.lossFlattened).toBeGreaterThan(0.9);
    expect(result.lossFlattened).toBeLessThan(1.4);
  });

  it.each([0, 1, 2])('seed %i: the RNN tags almost every step right, a memoryless model cannot', async (seed) => {
    const r = seed === 0 ? result : await main({ quiet: true, seed });
    expect(r.epochLosses[r.epochLosses.length - 1]).toBeLessThan(r.epochLosses[0] / 5);
    expect(r.rnnAccuracy).toBeGreaterThan(0.95);
    // seeing x_t alone, the best possible per-token accuracy is about 0.59 (see README)
    expect(r.tokenOnlyAccuracy).toBeLessThan(0.7);
  }, DEMO_TIMEOUT_MS);

  it('shows three test samples whose true tags follow the up/down/same rule', () => {
    expect(result.samples).toHaveLength(3);
    for (const { tokens, actual, predicted } of result.samples) {
      expect(actual[0]).toBe(0);
      for (let t = 1; t < tokens.length; t++) {
        const expected = tokens[t] === tokens[t - 1] ? 0 : tokens[t] > tokens[t - 1] ? 1 : 2;
        expect(actual[t]).toBe(expected);
      }
      expect(predicted).toHaveLength(tokens.length);
    }
  });
});
