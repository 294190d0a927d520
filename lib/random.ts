// Seeded randomness for the whole library. Every random draw (parameter init, dropout,
// randn, randperm, the course's data generators) goes through a Generator, never Math.random,
// so the same seed gives the same numbers in every process and on every machine.
import seedrandom from 'seedrandom';
import { Tensor } from './tensor.ts';

export class Generator {
  private prng: seedrandom.PRNG;
  private spareNormal: number | null = null;
  readonly initialSeed: string;

  constructor(seed: number | string = 0) {
    if (typeof seed !== 'number' && typeof seed !== 'string') {
      throw new TypeError(`Generator: seed must be a number or a string, got ${typeof seed}`);
    }
    this.initialSeed = String(seed);
    this.prng = seedrandom(this.initialSeed);
  }

  /** Reseeds this stream in place, as torch.Generator.manual_seed does. */
  manualSeed(seed: number | string): this {
    this.prng = seedrandom(String(seed));
    this.spareNormal = null;
    return this;
  }

  /** Uniform draw in [0, 1). */
  random(): number {
    return this.prng.double();
  }

  /** Standard normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const value = this.spareNormal;
      this.spareNormal = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.random(); // log(0) would be -Infinity
    const v = this.random();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }
}

let globalGenerator = new Generator(0);

/** Reseeds the global generator, like torch.manual_seed. */
export function manualSeed(seed: number | string): void {
  globalGenerator = new Generator(seed);
}

/** The generator used when no `{ generator }` option is given. */
export function defaultGenerator(): Generator {
  return globalGenerator;
}

export interface RandomOptions {
  generator?: Generator;
  requiresGrad?: boolean;
}

function checkShape(shape: number[], fn: string): number {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${fn}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return shape.reduce((a, b) => a * b, 1);
}

function filled(shape: number[], fn: string, draw: () => number, opts: RandomOptions): Tensor {
  const size = checkShape(shape, fn);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = draw();
  return new Tensor(data, shape, { requiresGrad: opts.requiresGrad ?? false });
}

/** Standard normal samples of the given shape. */
export function randn(shape: number[], opts: RandomOptions = {}): Tensor {
  const gen = opts.generator ?? globalGenerator;
  return filled(shape, 'randn', () => gen.normal(), opts);
}

/** Uniform samples in [0, 1) of the given shape. */
export function rand(shape: number[], opts: RandomOptions = {}): Tensor {
  const gen = opts.generator ?? globalGenerator;
  return filled(shape, 'rand', () => gen.random(), opts);
}

/** Integers drawn uniformly from [low, high). */
export function randint(low: number, high: number, shape: number[], opts: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new Error(`randint: expected integers with low < high, got low=${low}, high=${high}`);
  }
  const gen = opts.generator ?? globalGenerator;
  return filled(shape, 'randint', () => low + Math.floor(gen.random() * (high - low)), opts);
}

/** A random permutation of 0 … n-1 (Fisher–Yates). */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new Error(`randperm: n must be a non-negative integer, got ${n}`);
  const gen = opts.generator ?? globalGenerator;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(gen.random() * (i + 1));
    const tmp = values[i];
    values[i] = values[j];
    values[j] = tmp;
  }
  return new Tensor(values, [n]);
}
