// Shared by the lib tests: loading the PyTorch fixtures and comparing numbers at 1e-9 (abs + rel).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { Tensor, formatShape, tensor, type NestedArray } from '../../tensor.ts';

export const TOLERANCE = 1e-9;

export interface FixtureFile<C> {
  meta: { torch: string; generator: string };
  cases: C[];
}

/** Reads lib/test/fixtures/<name>.json. */
export function loadFixture<C>(name: string): FixtureFile<C> {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8')) as FixtureFile<C>;
}

/** Shape of a nested array (a plain number is 0-d). */
export function shapeOf(values: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function flat(values: NestedArray | Tensor): number[] {
  if (values instanceof Tensor) return Array.from(values.data);
  if (typeof values === 'number') return [values];
  return (values as NestedArray[]).flatMap((v) => flat(v));
}

/**
 * Asserts same shape and |actual - expected| ≤ tol·(1 + |expected|) element-wise; NaN must meet NaN
 * and ±Infinity the same infinity. `what` names the quantity in the failure message.
 */
export function expectClose(actual: Tensor | NestedArray | null | undefined, expected: NestedArray | Tensor, what: string, tol = TOLERANCE): void {
  expect(actual, `${what}: missing`).not.toBeNull();
  expect(actual, `${what}: missing`).not.toBeUndefined();
  const a = actual as Tensor | NestedArray;
  const aShape = a instanceof Tensor ? a.shape : shapeOf(a);
  const eShape = expected instanceof Tensor ? expected.shape : shapeOf(expected);
  expect(formatShape(aShape), `${what}: shape`).toBe(formatShape(eShape));
  const av = flat(a);
  const ev = flat(expected);
  let worst = -1;
  let worstError = 0;
  for (let i = 0; i < ev.length; i++) {
    const x = av[i];
    const e = ev[i];
    let error: number;
    if (!Number.isFinite(e)) {
      // NaN must meet NaN, an infinity the same infinity.
      error = Object.is(x, e) || (Number.isNaN(x) && Number.isNaN(e)) ? 0 : Infinity;
    } else {
      error = Math.abs(x - e) / (1 + Math.abs(e));
      if (Number.isNaN(error)) error = Infinity;
    }
    if (error > tol && error > worstError) {
      worst = i;
      worstError = error;
    }
  }
  if (worst !== -1) {
    throw new Error(`${what}: element ${worst} is ${av[worst]}, expected ${ev[worst]} (tolerance ${tol} abs+rel, error ${worstError})`);
  }
}

/** A fresh leaf tensor that requires grad, from a fixture's nested array. */
export function leaf(values: NestedArray): Tensor {
  return tensor(values, { requiresGrad: true });
}
