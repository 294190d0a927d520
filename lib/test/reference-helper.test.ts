// The fixture comparison itself must be able to fail, or every reference test would pass vacuously.
import { describe, expect, it } from 'vitest';
import { tensor } from '../tensor.ts';
import { expectClose } from './helpers/reference.ts';

describe('expectClose', () => {
  it('accepts values within 1e-9 (abs + rel)', () => {
    expect(() => expectClose(tensor([1, 1e6]), [1 + 5e-10, 1e6 * (1 + 5e-10)], 'ok')).not.toThrow();
    expect(() => expectClose(Number.NaN, Number.NaN, 'nan')).not.toThrow();
  });
  it('rejects a value off by more, a shape mismatch, a missing value, NaN for a number', () => {
    expect(() => expectClose(tensor([1, 2]), [1, 2 + 1e-7], 'x')).toThrow(/x: element 1 is 2, expected 2\.0000001/);
    expect(() => expectClose(tensor([1, 2]), [[1, 2]], 'x')).toThrow();
    expect(() => expectClose(null, [1], 'x')).toThrow();
    expect(() => expectClose(tensor([Number.NaN]), [1], 'x')).toThrow(/element 0 is NaN/);
    expect(() => expectClose(tensor([Infinity]), [-Infinity], 'x')).toThrow();
  });
});
