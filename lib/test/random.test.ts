// Seeded randomness: the same seed gives the same numbers in this process and in any other.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Dropout } from '../nn/dropout.ts';
import { Linear } from '../nn/linear.ts';
import { Generator, manualSeed, rand, randint, randn, randperm } from '../random.ts';
import { ones } from '../tensor.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./helpers/determinism-train.ts', import.meta.url));

function draws(seed: number | string) {
  manualSeed(seed);
  return [randn([3, 4]), rand([5]), randint(-3, 7, [2, 6]), randperm(10)].map((t) => Array.from(t.data));
}

describe('seeded randomness in one process', () => {
  it('the same global seed gives the same randn, rand, randint, randperm', () => {
    expect(draws(123)).toEqual(draws(123));
    expect(draws('a string seed')).toEqual(draws('a string seed'));
  });

  it('a different seed gives different numbers', () => {
    const a = draws(1);
    const b = draws(2);
    for (let k = 0; k < a.length; k++) expect(a[k]).not.toEqual(b[k]);
  });

  it('a Generator is an isolated stream: draws elsewhere do not shift it', () => {
    const g1 = new Generator(9);
    const first = Array.from(randn([6], { generator: g1 }).data);
    manualSeed(0);
    randn([100]); // global draws in between
    const g2 = new Generator(9);
    expect(Array.from(randn([6], { generator: g2 }).data)).toEqual(first);
    g1.manualSeed(9);
    expect(Array.from(randn([6], { generator: g1 }).data)).toEqual(first);
  });

  it('parameter init and dropout masks follow the global seed', () => {
    const init = () => {
      manualSeed(5);
      return new Linear(4, 3).stateDict();
    };
    expect(init()).toEqual(init());
    const mask = () => {
      manualSeed(6);
      return Array.from(new Dropout(0.5).forward(ones([20])).data);
    };
    expect(mask()).toEqual(mask());
  });

  it('the draws have the promised ranges', () => {
    manualSeed(3);
    const ints = randint(-3, 7, [1000]).data;
    expect(ints.every((v) => Number.isInteger(v) && v >= -3 && v < 7)).toBe(true);
    const u = rand([1000]).data;
    expect(u.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Array.from(randperm(50).data).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('determinism across processes', () => {
  const train = async (seed: string, optimizer: string, model: string) =>
    (await run(process.execPath, ['--import', 'tsx', SCRIPT, seed, optimizer, model], { cwd: ROOT })).stdout;

  it('two separate processes with the same seed print bit-identical training runs; another seed differs', async () => {
    const [a, b, c, sgdA, sgdB] = await Promise.all([
      train('42', 'adam', 'mlp'),
      train('42', 'adam', 'mlp'),
      train('43', 'adam', 'mlp'),
      train('42', 'sgd', 'mlp'),
      train('42', 'sgd', 'mlp'),
    ]);
    expect(a.split('\n').length).toBeGreaterThan(12);
    expect(a).toMatch(/loss \d/);
    expect(b).toBe(a);
    expect(sgdB).toBe(sgdA);
    expect(c).not.toBe(a);
    expect(sgdA).not.toBe(a);
  }, 60_000);

  it('the same holds for an RNN model trained with Adam', async () => {
    const [a, b, c] = await Promise.all([train('7', 'adam', 'rnn'), train('7', 'adam', 'rnn'), train('8', 'adam', 'rnn')]);
    expect(a).toMatch(/rnn\.weight_ih_l0 [0-9a-f]+/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  }, 60_000);
});
