import { beforeAll, describe, expect, it } from 'vitest';
import { expectReadmeMatchesDemo } from '../test/readme-sync.ts';
import { main, type RnnCellResult } from './demo.ts';

// Generous: these tests check what the demo computes, not how fast a busy machine runs it.
const DEMO_TIMEOUT_MS = 60_000;

describe('lesson 02: the RNN cell', () => {
  let result: RnnCellResult;
  beforeAll(async () => {
    result = await main({ quiet: true });
  }, DEMO_TIMEOUT_MS);

  it('the README quotes exactly what the demo prints (npm run lesson -- --sync rewrites it)', () => {
    expectReadmeMatchesDemo('02-rnn-cell', result.transcript);
  });

  it('one step on ml-matrix equals tanh(x·W_xh + h_prev·W_hh) computed element by element', () => {
    const { x, W_xh, h } = result.oneStep;
    expect(h).toHaveLength(3);
    // h_prev and b_h are zero, so only the input term is left.
    for (let j = 0; j < 3; j++) {
      let sum = 0;
      for (let i = 0; i < 4; i++) sum += x[i] * W_xh[i][j];
      expect(h[j]).toBeCloseTo(Math.tanh(sum), 12);
    }
    expect(x).toEqual([0.5, 0.1, -0.3, 0.7]);
  });

  it('prints the shapes of the table in the README (d = 4, Dh = 6, Dy = 2)', () => {
    expect(result.shapes).toEqual({
      x_t: [4],
      h_prev: [1, 6],
      Wx: [6, 4],
      Wh: [6, 6],
      b: [6],
      h_t: [1, 6],
      Wy: [6, 2],
      y_t: [1, 2],
    });
    for (const y of result.y_t) {
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(1);
    }
  });

  it('MyRNN has the same 72 parameters whatever the sequence length', () => {
    const r = result.myRnn;
    expect(r.outputShape).toEqual([1, 1]);
    expect(r.hiddenShape).toEqual([1, 6]);
    expect(r.output).toBeGreaterThan(0);
    expect(r.output).toBeLessThan(1);
    expect(r.parameterNames).toEqual(['Wy', 'rnnCell.Wx', 'rnnCell.Wh', 'rnnCell.b']);
    expect(r.parameterCount).toBe(6 * 4 + 6 * 6 + 6 + 6);
    expect(r.longSequenceOutputShape).toEqual([1, 1]);
    expect(r.gradShapeWx).toEqual([6, 4]);
  });

  it('our forward loop is exactly what nn.RNN computes', () => {
    expect(result.saturation.libraryMaxDiff).toBeLessThan(1e-12);
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 7])('seed %i: U[0,1) weights saturate tanh, U(−1/√H, 1/√H) does not', async (seed) => {
    const { uniform01, properInit, properInitBound } = (await main({ quiet: true, seed })).saturation;
    expect(uniform01.states).toHaveLength(10);
    expect(uniform01.states[0]).toHaveLength(8);
    expect(uniform01.medianAbsFromStep2).toBeGreaterThan(0.999);
    expect(uniform01.meanTanhDerivative).toBeLessThan(0.01);
    expect(properInitBound).toBeCloseTo(1 / Math.sqrt(8), 12);
    expect(properInit.medianAbsFromStep2).toBeLessThan(0.9);
    expect(properInit.meanTanhDerivative).toBeGreaterThan(0.5);
  }, DEMO_TIMEOUT_MS);
});
