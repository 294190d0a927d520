// The suite-authoring kit on its own: what expectClose and friends accept, and what their
// messages say (and, in hidden checks, do not say).
import { describe, expect, test } from 'vitest';
import {
  CheckFailure, expectClose, expectEqual, expectShape, expectTrue, fail, seededRandom, toNumeric, formatShape, kindOf, Opaque,
} from '../kit/index.ts';
import { withCheck } from '../kit/state.ts';

/** The failure `fn` raises when it runs as part of a hidden check. */
function hiddenFailureOf(fn: () => void): Promise<CheckFailure> {
  return withCheck('hidden', async () => failureOf(fn));
}

function failureOf(fn: () => void): CheckFailure {
  try {
    fn();
  } catch (error) {
    if (error instanceof CheckFailure) return error;
    throw error;
  }
  throw new Error('expected the assertion to fail, but it passed');
}

describe('toNumeric', () => {
  test('reads numbers, nested arrays, typed arrays, tensor-likes and matrix-likes', () => {
    expect(toNumeric(3)).toEqual({ ok: true, value: { shape: [], data: [3] } });
    expect(toNumeric([[1, 2, 3], [4, 5, 6]])).toEqual({ ok: true, value: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] } });
    expect(toNumeric(new Float64Array([1, 2]))).toEqual({ ok: true, value: { shape: [2], data: [1, 2] } });
    expect(toNumeric([new Float64Array([1, 2]), new Float64Array([3, 4])])).toEqual({ ok: true, value: { shape: [2, 2], data: [1, 2, 3, 4] } });
    const tensorLike = { shape: [2, 1], toArray: () => [[7], [8]] };
    expect(toNumeric(tensorLike)).toEqual({ ok: true, value: { shape: [2, 1], data: [7, 8] } });
    const matrixLike = { rows: 1, columns: 2, to2DArray: () => [[5, 6]] };
    expect(toNumeric(matrixLike)).toEqual({ ok: true, value: { shape: [1, 2], data: [5, 6] } });
  });

  test('names what is wrong with a value that is not numeric', () => {
    expect(toNumeric('abc')).toMatchObject({ ok: false, problem: expect.stringContaining('"abc"') });
    expect(toNumeric([[1, 2], [3]])).toMatchObject({ ok: false, problem: expect.stringContaining('ragged') });
    expect(toNumeric([1, 'x'])).toMatchObject({ ok: false, problem: expect.stringContaining('[1]') });
    expect(toNumeric({ shape: [3], toArray: () => [1, 2] })).toMatchObject({ ok: false, problem: expect.stringContaining('shape [3]') });
  });

  test('formats shapes like the messages do', () => {
    expect(formatShape([2, 5, 3])).toBe('[2, 5, 3]');
    expect(formatShape([])).toBe('[]');
  });
});

describe('expectClose in a visible check', () => {
  test('passes within atol + rtol·|expected| and fails just outside', () => {
    expect(() => expectClose([1, 2], [1 + 5e-8, 2])).not.toThrow();
    expect(() => expectClose([1.001], [1], { atol: 1e-3, rtol: 0 })).not.toThrow();
    expect(() => expectClose([1.0011], [1], { atol: 1e-3, rtol: 0 })).toThrow(CheckFailure);
    expect(() => expectClose([110], [100], { atol: 0, rtol: 0.1 })).not.toThrow();
    expect(() => expectClose([111], [100], { atol: 0, rtol: 0.1 })).toThrow(CheckFailure);
  });

  test('reports the shape first', () => {
    const failure = failureOf(() => expectClose([[1, 2, 3], [4, 5, 6]], [[[1, 2, 3]]], { name: 'out' }));
    expect(failure.kind).toBe('shape');
    expect(failure.message).toBe('`out`: shape mismatch: expected [1, 1, 3], got [2, 3]');
  });

  test('counts mismatched elements and shows the worst one with expected against got', () => {
    const expected = [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
    const got = expected.map((row) => [...row]);
    got[1][2] = 0.02;
    got[3][0] = 0.01;
    got[0][4] = 0.005;
    const failure = failureOf(() => expectClose(got, expected, { atol: 1e-6, rtol: 0 }));
    expect(failure.kind).toBe('mismatch');
    const lines = failure.message.split('\n');
    expect(lines[1]).toBe('Mismatched elements: 3 / 20 (15.0%)');
    expect(lines[2]).toBe('Greatest absolute difference: 0.02 at index (1, 2) (up to 1e-6 allowed)');
    expect(failure.message).toContain('at index (1, 2): expected 0, got 0.02');
  });

  test('reports NaN and Infinity in the result as such', () => {
    const failure = failureOf(() => expectClose([NaN, 1, Infinity], [0, 1, 2], { name: 'h' }));
    expect(failure.kind).toBe('nonfinite');
    expect(failure.message).toBe('`h` contains NaN and Infinity (at 2 of 3 positions, first at index (0))');
  });

  test('compares scalars with a one-line message', () => {
    const failure = failureOf(() => expectClose(0.7, 0.5, { name: 'loss' }));
    expect(failure.message).toMatch(/^`loss` is not close to the expected value: expected 0\.5, got 0\.7/);
  });

  test('rejects a value of the wrong type with a readable reason', () => {
    const failure = failureOf(() => expectClose(undefined, [1], { name: 'out' }));
    expect(failure.kind).toBe('type');
    expect(failure.message).toContain('`out` is undefined');
  });
});

describe('expectClose in a hidden check', () => {
  test('mismatch: counts and positions, no expected value and no difference', async () => {
    const failure = await hiddenFailureOf(() => expectClose([1.5, 2, 3.25], [1.125, 2, 3.875], { name: 'y' }));
    expect(failure.message).toContain('Mismatched elements: 2 / 3 (66.7%), first at index (0)');
    for (const secret of ['1.125', '3.875', '0.375', '0.625']) expect(failure.message).not.toContain(secret);
  });

  test('shape: the number of dimensions only', async () => {
    const failure = await hiddenFailureOf(() => expectClose([[1, 2]], [[1, 2, 3], [4, 5, 6]]));
    expect(failure.message).toBe('shape mismatch: got [1, 2], expected a different shape with 2 dimensions');
  });

  test('expectEqual shows neither what it got nor what it wanted', async () => {
    const failure = await hiddenFailureOf(() => expectEqual('b', 'secret-answer', 'choice'));
    expect(failure.message).toBe('`choice` is not the expected value (values are not shown in hidden checks)');
  });
});

describe('the other assertions', () => {
  test('expectShape reads tensors without reading their values', () => {
    const tensorLike = { shape: [2, 5, 3], toArray: () => { throw new Error('not needed'); } };
    expect(() => expectShape(tensorLike, [2, 5, 3])).not.toThrow();
    expect(failureOf(() => expectShape(tensorLike, [2, 3], 'output')).message).toBe('`output`: shape mismatch: expected [2, 3], got [2, 5, 3]');
  });

  test('expectEqual compares structure exactly', () => {
    expect(() => expectEqual({ a: [1, 2] }, { a: [1, 2] })).not.toThrow();
    expect(failureOf(() => expectEqual([1, 2], [1, 3], 'labels')).message).toBe('`labels` is wrong: expected [1,3], got [1,2]');
  });

  test('expectTrue and fail carry the author\'s message', () => {
    expect(() => expectTrue(true, 'never shown')).not.toThrow();
    expect(failureOf(() => expectTrue(0, 'the loss did not go down')).message).toBe('the loss did not go down');
    expect(failureOf(() => fail('custom reason')).kind).toBe('assertion');
  });
});

describe('seededRandom', () => {
  test('the same seed gives the same numbers, another seed others', () => {
    const a = seededRandom('7|check');
    const b = seededRandom('7|check');
    const c = seededRandom('8|check');
    const first = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(first);
    expect([c.next(), c.next(), c.next()]).not.toEqual(first);
  });

  test('stays in range and builds arrays of the asked shape', () => {
    const rng = seededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const u = rng.uniform(-2, 3);
      expect(u).toBeGreaterThanOrEqual(-2);
      expect(u).toBeLessThan(3);
      const k = rng.int(4, 9);
      expect(Number.isInteger(k) && k >= 4 && k < 9).toBe(true);
    }
    const table = rng.array([2, 3]) as number[][];
    expect(table).toHaveLength(2);
    expect(table[1]).toHaveLength(3);
    expect(rng.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
  });

  test('is not disturbed by a replaced Math.random', () => {
    const expected = seededRandom(42).next();
    const original = Math.random;
    Math.random = () => 0;
    try {
      expect(seededRandom(42).next()).toBe(expected);
    } finally {
      Math.random = original;
    }
  });
});

describe('kindOf', () => {
  test('names only the kind in hidden checks, the class of an opaque value in visible ones', () => {
    const secretClass = new Opaque('object', 'ExpectedWas42');
    expect(kindOf(secretClass, true)).toBe('an object of another class');
    expect(kindOf(secretClass, false)).toBe('an object of class ExpectedWas42');
    expect(kindOf(new Opaque('function', 'f'), true)).toBe('a function');
    expect([kindOf(null, true), kindOf([1], true), kindOf('text', true)]).toEqual(['null', 'an array', 'string']);
  });
});
