import { beforeAll, describe, expect, it } from 'vitest';
import { expectReadmeMatchesDemo } from '../test/readme-sync.ts';
import { Generator } from '../../lib/index.ts';
import { NUM_CLASSES, main, rememberFirstData, type LstmGruResult } from './demo.ts';

const DEMO_TIMEOUT_MS = 180_000;

describe('lesson 11: LSTM and GRU', () => {
  let result: LstmGruResult;
  beforeAll(async () => {
    result = await main({ quiet: true });
  }, DEMO_TIMEOUT_MS);

  it('the README quotes exactly what the demo prints (npm run lesson -- --sync rewrites it)', () => {
    expectReadmeMatchesDemo('11-lstm-gru', result.transcript);
  });

  it('stacks G = 1, 3, 4 gate blocks in the weights of RNN, GRU and LSTM', () => {
    expect(result.parameterShapes.RNN).toEqual({ weight_ih_l0: [8, 4], weight_hh_l0: [8, 8], bias_ih_l0: [8], bias_hh_l0: [8] });
    expect(result.parameterShapes.GRU).toEqual({ weight_ih_l0: [24, 4], weight_hh_l0: [24, 8], bias_ih_l0: [24], bias_hh_l0: [24] });
    expect(result.parameterShapes.LSTM).toEqual({ weight_ih_l0: [32, 4], weight_hh_l0: [32, 8], bias_ih_l0: [32], bias_hh_l0: [32] });
    // input 8, hidden 16: G·H·(in + H + 2)
    expect(result.parameterCounts).toEqual({ RNN: 16 * 26, LSTM: 4 * 16 * 26, GRU: 3 * 16 * 26 });
  });

  it('matches the gate equations written by hand (LSTM i, f, g, o; GRU r, z, n)', () => {
    expect(result.lstmStepGap.h).toBeLessThan(1e-12);
    expect(result.lstmStepGap.c).toBeLessThan(1e-12);
    expect(result.gruStepGap).toBeLessThan(1e-12);
  });

  it('builds the remember-the-first-symbol data as promised', () => {
    const { x, labels } = rememberFirstData(20, 7, new Generator(1));
    expect(x.shape).toEqual([20, 7, 8]);
    labels.forEach((label, i) => {
      expect(x.get(i, 0, label)).toBe(1); // step 0 carries the class
      for (let t = 1; t < 7; t++) for (let c = 0; c < NUM_CLASSES; c++) expect(x.get(i, t, c)).toBe(0); // noise never does
    });
  });

  it(`LSTM and GRU remember the first symbol over 60 steps; the plain RNN does not`, () => {
    expect(result.sequenceLength).toBe(60);
    const accuracy = Object.fromEntries(result.runs.map((r) => [r.kind, r.testAccuracy]));
    expect(accuracy.LSTM).toBeGreaterThanOrEqual(0.95);
    expect(accuracy.GRU).toBeGreaterThanOrEqual(0.95);
    expect(accuracy.RNN).toBeLessThan(0.85);
    expect(Math.min(accuracy.LSTM, accuracy.GRU) - accuracy.RNN).toBeGreaterThan(0.15);
  });

  it('the same gap holds at another seed (not one lucky initialisation)', async () => {
    const other = await main({ quiet: true, seed: 3 });
    const accuracy = Object.fromEntries(other.runs.map((r) => [r.kind, r.testAccuracy]));
    expect(Math.min(accuracy.LSTM, accuracy.GRU)).toBeGreaterThanOrEqual(0.95);
    expect(accuracy.RNN).toBeLessThan(0.85);
  }, DEMO_TIMEOUT_MS);

  it('an LSTM left at the default init (every gate ≈ 0.5) forgets like the plain RNN', () => {
    expect(result.defaultInitLstm.kind).toBe('LSTM');
    expect(result.defaultInitLstm.keepMemory).toBe(false);
    expect(result.defaultInitLstm.testAccuracy).toBeLessThan(0.5);
  });
});
