// The recurrent kernels' tanh and sigmoid (lib/kernels/activations.ts) against Math.tanh and
// 1 / (1 + Math.exp(−x)): within 1e-15 relative error on a dense grid, in both tails, at tiny
// inputs, and exactly right at ±0, ±∞ and NaN.
import { describe, expect, it } from 'vitest';
import { sigmoid, tanh, tanhInPlace } from '../kernels/activations.ts';

const exactSigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Points from −limit to limit: a uniform grid, plus powers of ten down to 1e-300 on both sides. */
function grid(limit: number): number[] {
  const points: number[] = [];
  for (let i = -200000; i <= 200000; i++) points.push((i / 200000) * limit + 1e-7 * Math.sin(i)); // off the table's nodes too
  for (let e = -300; e <= 2; e += 0.25) points.push(10 ** e, -(10 ** e));
  return points;
}

function worstRelativeError(f: (x: number) => number, exact: (x: number) => number, points: number[]) {
  let worst = 0;
  let at = 0;
  for (const x of points) {
    const want = exact(x);
    const err = want === 0 ? Math.abs(f(x)) : Math.abs(f(x) - want) / Math.abs(want);
    if (err > worst) [worst, at] = [err, x];
  }
  return { worst, at };
}

describe('tanh and sigmoid of the recurrent kernels', () => {
  it('tanh is within 1e-15 relative error of Math.tanh', () => {
    const { worst, at } = worstRelativeError(tanh, Math.tanh, grid(25));
    expect(worst, `worst at x = ${at}`).toBeLessThan(1e-15);
  });

  it('sigmoid is within 1e-15 relative error of 1 / (1 + e^−x), the far negative tail included', () => {
    const { worst, at } = worstRelativeError(sigmoid, exactSigmoid, [...grid(45), ...grid(700)]);
    expect(worst, `worst at x = ${at}`).toBeLessThan(1e-15);
  });

  it('gets the special values right', () => {
    expect(Object.is(tanh(0), 0)).toBe(true);
    expect(Object.is(tanh(-0), -0)).toBe(true);
    expect([tanh(Infinity), tanh(-Infinity), tanh(41), tanh(-1e300)]).toEqual([1, -1, 1, -1]);
    expect(tanh(NaN)).toBeNaN();
    expect([sigmoid(0), sigmoid(Infinity), sigmoid(-Infinity), sigmoid(800), sigmoid(-800)]).toEqual([0.5, 1, 0, 1, 0]);
    expect(sigmoid(NaN)).toBeNaN();
  });

  it('tanhInPlace changes exactly the range it is given', () => {
    const buf = Float64Array.from([0.5, 1, -2, 3]);
    tanhInPlace(buf, 1, 3);
    expect(Array.from(buf)).toEqual([0.5, tanh(1), tanh(-2), 3]);
  });
});
