import { beforeAll, describe, expect, it } from 'vitest';
import { expectReadmeMatchesDemo } from '../test/readme-sync.ts';
import { main, type ManyToOneResult } from './demo.ts';

// Generous: these tests check what the demo computes, not how fast a busy machine runs it.
const DEMO_TIMEOUT_MS = 60_000;

describe('lesson 04: many-to-one', () => {
  let result: ManyToOneResult;
  beforeAll(async () => {
    result = await main({ quiet: true });
  }, DEMO_TIMEOUT_MS);

  it('the README quotes exactly what the demo prints (npm run lesson -- --sync rewrites it)', () => {
    expectReadmeMatchesDemo('04-many-to-one', result.transcript);
  });

  it('logs loss and accuracy every 50 epochs, from 0 to 500', () => {
    expect(result.history.map((h) => h.epoch)).toEqual([0, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500]);
    for (const { loss, accuracy } of result.history) {
      expect(Number.isFinite(loss)).toBe(true);
      expect([0, 0.5, 1]).toContain(accuracy); // two samples: accuracy is 0, 50 % or 100 %
    }
  });

  it.each([0, 1, 2, 3, 4])('seed %i: SGD (lr 0.1) with BCELoss separates the two toy sequences', async (seed) => {
    const r = await main({ quiet: true, seed });
    const first = r.history[0];
    const last = r.history[r.history.length - 1];
    expect(last.loss).toBeLessThan(first.loss / 2);
    expect(last.loss).toBeLessThan(0.2);
    expect(last.accuracy).toBe(1);
    expect(r.finalAccuracy).toBe(1);
    expect(r.finalProbabilities[0]).toBeLessThan(0.5); // [8, 1, 5, 3] → class 0
    expect(r.finalProbabilities[1]).toBeGreaterThan(0.5); // [2, 7, 4, 9] → class 1
  }, DEMO_TIMEOUT_MS);

  it('RNNClassifier reads h_n[-1] of a 2-layer RNN and learns the two classes with cross-entropy', () => {
    const c = result.classifier;
    expect(c.hNShape).toEqual([2, 2, 8]); // (numLayers, batch, hidden)
    expect(c.logitsShape).toEqual([2, 2]); // (batch, numClasses)
    expect(c.finalLoss).toBeLessThan(c.firstLoss / 2);
    expect(c.accuracy).toBe(1);
  });
});
