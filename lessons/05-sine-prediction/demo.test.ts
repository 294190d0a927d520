import { beforeAll, describe, expect, it } from 'vitest';
import { expectReadmeMatchesDemo } from '../test/readme-sync.ts';
import { main, type SinePredictionResult } from './demo.ts';

// Generous: these tests check what the demo computes, not how fast a busy machine runs it.
const DEMO_TIMEOUT_MS = 60_000;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('lesson 05: sine prediction', () => {
  let result: SinePredictionResult;
  beforeAll(async () => {
    result = await main({ quiet: true });
  }, DEMO_TIMEOUT_MS);

  it('the README quotes exactly what the demo prints (npm run lesson -- --sync rewrites it)', () => {
    expectReadmeMatchesDemo('05-sine-prediction', result.transcript);
  });

  it('cuts [1, …, 8] into (window of 4 → next value) pairs', () => {
    expect(result.windows).toEqual([
      { input: [1, 2, 3, 4], target: 5 },
      { input: [2, 3, 4, 5], target: 6 },
      { input: [3, 4, 5, 6], target: 7 },
      { input: [4, 5, 6, 7], target: 8 },
    ]);
  });

  it('generates (samples, seqLen, 1) inputs and one target per sample', () => {
    expect(result.trainShapes).toEqual({ X: [400, 50, 1], y: [400] });
    // predicting 0 for a sine of random phase costs E[sin²] = 0.5 on average
    expect(result.baselines.zero).toBeGreaterThan(0.35);
    expect(result.baselines.zero).toBeLessThan(0.65);
  });

  it.each([0, 1])('seed %i: the trained RNN beats "repeat the last value" by far on the test set', async (seed) => {
    const r = seed === 0 ? result : await main({ quiet: true, seed });
    expect(r.epochLosses[r.epochLosses.length - 1]).toBeLessThan(r.epochLosses[0] / 10);
    expect(r.testMse).toBeLessThan(1e-3);
    expect(r.testMse).toBeLessThan(r.baselines.repeatLast / 10);
    for (const s of r.samples) expect(Math.abs(s.predicted - s.actual)).toBeLessThan(0.1);
    // the oldest inputs barely move the prediction compared with the most recent ones
    expect(r.sensitivity).toHaveLength(50);
    expect(mean(r.sensitivity.slice(0, 5))).toBeLessThan(mean(r.sensitivity.slice(-5)) / 10);
  }, DEMO_TIMEOUT_MS);
});
