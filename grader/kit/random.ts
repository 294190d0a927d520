// Seeded randomness for checks: the grading seed, and a small generator (sfc32) of the kit's
// own, independent of Math.random and of the library, so submissions can neither predict nor
// disturb the inputs of hidden checks.
import { imul, mathLog, mathSqrt, mathCos, mathFloor, StringClass, isArray } from './intrinsics.ts';

import { DEFAULT_GRADING_SEED } from './constants.ts';

export { DEFAULT_GRADING_SEED };

export type NestedNumbers = number | NestedNumbers[];

/** A seeded random generator; the same seed always gives the same sequence. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [low, high). */
  uniform(low?: number, high?: number): number;
  /** Normally distributed. */
  normal(mean?: number, std?: number): number;
  /** Integer in [low, high). */
  int(low: number, high: number): number;
  /** Nested arrays of the given shape, uniform in [low, high) (default [-1, 1)). */
  array(shape: readonly number[], low?: number, high?: number): NestedNumbers;
  /** Nested arrays of the given shape, normally distributed. */
  normalArray(shape: readonly number[], mean?: number, std?: number): NestedNumbers;
  /** One element of a non-empty list. */
  choice<T>(items: readonly T[]): T;
  /** A shuffled copy of a list. */
  shuffle<T>(items: readonly T[]): T[];
}

const TWO_PI = 6.283185307179586;

/** Hashes any string into four 32-bit words (cyrb128) to seed sfc32. */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ imul(h1 ^ k, 597399067);
    h2 = h3 ^ imul(h2 ^ k, 2869860233);
    h3 = h4 ^ imul(h3 ^ k, 951274213);
    h4 = h1 ^ imul(h4 ^ k, 2716044813);
  }
  h1 = imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = imul(h2 ^ (h4 >>> 19), 2716044813);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** A generator seeded by a number or any string (e.g. the grading seed joined with a check's name). */
export function seededRandom(seed: number | string): Rng {
  const words = hashSeed(StringClass(seed));
  let a = words[0], b = words[1], c = words[2], d = words[3];
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const normal = (mean = 0, std = 1): number => {
    const u = 1 - next();
    const v = next();
    return mean + std * mathSqrt(-2 * mathLog(u)) * mathCos(TWO_PI * v);
  };
  const fill = (shape: readonly number[], depth: number, draw: () => number): NestedNumbers => {
    if (depth === shape.length) return draw();
    const out: NestedNumbers[] = [];
    for (let i = 0; i < shape[depth]; i++) out[i] = fill(shape, depth + 1, draw);
    return out;
  };
  const checkShape = (shape: readonly number[]): void => {
    if (!isArray(shape)) throw new TypeError(`rng: shape must be an array of sizes, got ${StringClass(shape)}`);
  };
  return {
    next,
    uniform: (low = 0, high = 1) => low + (high - low) * next(),
    normal,
    int(low, high) {
      if (!(high > low)) throw new RangeError(`rng.int: need low < high, got [${low}, ${high})`);
      return low + mathFloor(next() * (high - low));
    },
    array(shape, low = -1, high = 1) {
      checkShape(shape);
      return fill(shape, 0, () => low + (high - low) * next());
    },
    normalArray(shape, mean = 0, std = 1) {
      checkShape(shape);
      return fill(shape, 0, () => normal(mean, std));
    },
    choice(items) {
      if (items.length === 0) throw new RangeError('rng.choice: the list is empty');
      return items[mathFloor(next() * items.length)];
    },
    shuffle(items) {
      const out: typeof items[number][] = [];
      for (let i = 0; i < items.length; i++) out[i] = items[i];
      for (let i = out.length - 1; i > 0; i--) {
        const j = mathFloor(next() * (i + 1));
        const keep = out[i];
        out[i] = out[j];
        out[j] = keep;
      }
      return out;
    },
  };
}
