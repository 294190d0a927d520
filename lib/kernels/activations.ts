// tanh and the logistic sigmoid for the recurrent kernels' inner loops. V8's Math.tanh and
// Math.exp are exact but cost 10–15 ns each, and the kernels call them for every unit of every
// sequence at every step: an LSTM step needs three sigmoids and two tanh per unit, a fifth to a
// third of a training step. Both functions here get e^(−z), z = |x|, from a 32-entry table and a
// short polynomial (the method of fdlibm's exp with a finer table) in a few ns, within 1e-15
// relative error of Math.tanh and of 1 / (1 + Math.exp(−x)) everywhere (lib/test/activations.test.ts).

const LN2_32_HI = 6.93147180369123816490e-1 / 32; // ln2/32 in two parts, so that N·LN2_32_HI is exact
const LN2_32_LO = 1.90821492927058770002e-10 / 32;
const INV_LN2_32 = 32 / Math.LN2;
const POW2_NEG = Float64Array.from({ length: 64 }, (_, k) => 2 ** -k); // 2^−k
const POW2_FRAC = Float64Array.from({ length: 32 }, (_, j) => 2 ** (-j / 32)); // 2^(−j/32)
const POW2_FRAC_M1 = Float64Array.from({ length: 32 }, (_, j) => Math.expm1((-j / 32) * Math.LN2)); // 2^(−j/32) − 1

/** e^(−z) − 1 for 0 ≤ z ≤ 40, in (−1, 0], with full relative precision for tiny z too. */
function expNegMinus1(z: number): number {
  // z = N·ln2/32 − r with |r| ≤ ln2/64, N = 32k + j, so e^(−z) = 2^(−k) · 2^(−j/32) · e^r
  const N = Math.floor(z * INV_LN2_32 + 0.5);
  const r = N * LN2_32_HI - z + N * LN2_32_LO;
  const q = r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r / 5040)))))); // e^r − 1
  // For k = 0 write 2^(−j/32)(1 + q) − 1 as (2^(−j/32) − 1) + 2^(−j/32)·q, which keeps small z exact.
  return N < 32 ? POW2_FRAC_M1[N] + POW2_FRAC[N] * q : POW2_NEG[N >> 5] * POW2_FRAC[N & 31] * (1 + q) - 1;
}

/** e^(−z) for 0 ≤ z ≤ 40, by the same reduction as expNegMinus1. */
function expNeg(z: number): number {
  const N = Math.floor(z * INV_LN2_32 + 0.5);
  const r = N * LN2_32_HI - z + N * LN2_32_LO;
  const q = r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r / 5040))))));
  const f = POW2_FRAC[N & 31];
  return POW2_NEG[N >> 5] * (f + f * q);
}

/** tanh(x): with m = e^(−2|x|) − 1, tanh|x| = (1 − e^(−2|x|)) / (1 + e^(−2|x|)) = −m / (2 + m). */
export function tanh(x: number): number {
  const z = 2 * Math.abs(x);
  // Past z = 40, e^(−z) is below half an ulp of 1; NaN fails both tests and stays NaN.
  const m = z <= 40 ? expNegMinus1(z) : z > 40 ? -1 : NaN;
  const t = -m / (2 + m);
  return x > 0 ? t : x < 0 ? -t : x; // ±0 and NaN as they came
}

/** σ(x) = 1 / (1 + e^(−x)); for x < 0 as e^x / (1 + e^x), so that both tails keep their relative precision. */
export function sigmoid(x: number): number {
  const z = Math.abs(x);
  // Past z = 40 the table would need more powers of two; Math.exp is exact there (and NaN stays NaN).
  const e = z <= 40 ? expNeg(z) : Math.exp(-z); // e^(−|x|)
  const s = 1 / (1 + e);
  return x >= 0 ? s : e * s;
}

/** buf[i] = tanh(buf[i]) for i in [start, end). */
export function tanhInPlace(buf: Float64Array, start: number, end: number): void {
  for (let i = start; i < end; i++) buf[i] = tanh(buf[i]);
}

/** buf[i] = σ(buf[i]) for i in [start, end). */
export function sigmoidInPlace(buf: Float64Array, start: number, end: number): void {
  for (let i = start; i < end; i++) buf[i] = sigmoid(buf[i]);
}
