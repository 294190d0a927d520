// Numeric assertions in the spirit of torch.testing.assert_close: shapes first, then the count
// of mismatched elements and the worst one. In hidden checks the messages keep to counts,
// positions and the kind of failure, so they never reveal an expected value.
import { CheckFailure } from './failure.ts';
import { currentVisibility } from './state.ts';
import { formatNumber, describeValue, isArray, StringClass, getPrototypeOf, ownKeys } from './intrinsics.ts';
import { toNumeric, shapeOf, formatShape, formatIndex, shapesEqual, type Numeric } from './values.ts';

export interface CloseOptions {
  /** Relative tolerance (default 1e-7, torch's float64 default). */
  rtol?: number;
  /** Absolute tolerance (default 1e-7, torch's float64 default). */
  atol?: number;
  /** What the value is called in messages, e.g. 'h_next'. */
  name?: string;
  /** Treat NaN in the same place in both as equal (default false). */
  equalNan?: boolean;
}

const DEFAULT_RTOL = 1e-7;
const DEFAULT_ATOL = 1e-7;
/** How many mismatched elements a visible check lists one by one. */
const LISTED_MISMATCHES = 3;

function label(name: string | undefined): string {
  return name ? `\`${name}\`` : 'the result';
}

function percent(count: number, total: number): string {
  return `${(100 * count / total).toFixed(1)}%`;
}

function readExpected(expected: unknown, what: string): Numeric {
  const numeric = toNumeric(expected);
  // A bad expected value is a bug in the suite, not in the submission: say so plainly.
  if (!numeric.ok) throw new TypeError(`${what}: the expected value ${numeric.problem} (a bug in the grading suite)`);
  return numeric.value;
}

function readGot(got: unknown, name: string | undefined): Numeric {
  const numeric = toNumeric(got);
  if (!numeric.ok) throw new CheckFailure('type', `${label(name)} ${numeric.problem}`);
  return numeric.value;
}

function shapeMismatch(name: string | undefined, expected: readonly number[], got: readonly number[]): CheckFailure {
  const prefix = name ? `${label(name)}: ` : '';
  const detail = currentVisibility() === 'hidden'
    ? `shape mismatch: got ${formatShape(got)}, expected a different shape with ${expected.length} dimension${expected.length === 1 ? '' : 's'}`
    : `shape mismatch: expected ${formatShape(expected)}, got ${formatShape(got)}`;
  return new CheckFailure('shape', prefix + detail);
}

/** Fails the check unless `got` has the shape `expectedShape` (tensors, nested arrays, Float64Array, ml-matrix). */
export function expectShape(got: unknown, expectedShape: readonly number[], name?: string): void {
  if (!isArray(expectedShape)) throw new TypeError(`expectShape: the expected shape must be an array of sizes, got ${describeValue(expectedShape)}`);
  const actual = shapeOf(got);
  if (!actual.ok) throw new CheckFailure('type', `${label(name)} ${actual.problem}`);
  if (!shapesEqual(actual.shape, expectedShape)) throw shapeMismatch(name, expectedShape, actual.shape);
}

/**
 * Fails the check unless every element satisfies |got - expected| <= atol + rtol * |expected|.
 * Accepts numbers, nested arrays, Float64Array, tensors (duck-typed: `shape` + `toArray()`) and ml-matrix matrices.
 */
export function expectClose(got: unknown, expected: unknown, options: CloseOptions = {}): void {
  const rtol = options.rtol ?? DEFAULT_RTOL;
  const atol = options.atol ?? DEFAULT_ATOL;
  const name = options.name;
  const want = readExpected(expected, 'expectClose');
  const have = readGot(got, name);
  if (!shapesEqual(have.shape, want.shape)) throw shapeMismatch(name, want.shape, have.shape);

  const hidden = currentVisibility() === 'hidden';
  const total = want.data.length;
  let nanCount = 0, infCount = 0, firstNonFinite = -1;
  let mismatched = 0, firstMismatch = -1;
  let worstAbs = -1, worstAbsAt = -1, worstRel = -1, worstRelAt = -1;
  const listed: number[] = [];
  for (let i = 0; i < total; i++) {
    const a = have.data[i];
    const b = want.data[i];
    const aIsNan = a !== a;
    const bIsNan = b !== b;
    if (aIsNan && bIsNan && options.equalNan) continue;
    const aNonFinite = aIsNan || a === Infinity || a === -Infinity;
    const bNonFinite = bIsNan || b === Infinity || b === -Infinity;
    if (aNonFinite && !bNonFinite) {
      if (aIsNan) nanCount++; else infCount++;
      if (firstNonFinite < 0) firstNonFinite = i;
    }
    let close: boolean;
    if (aNonFinite || bNonFinite) close = a === b; // equal infinities only; NaN never equals NaN here
    else {
      const diff = a > b ? a - b : b - a;
      const scale = b < 0 ? -b : b;
      close = diff <= atol + rtol * scale;
      if (diff > worstAbs) { worstAbs = diff; worstAbsAt = i; }
      const rel = scale === 0 ? (diff === 0 ? 0 : Infinity) : diff / scale;
      if (rel > worstRel) { worstRel = rel; worstRelAt = i; }
    }
    if (!close) {
      mismatched++;
      if (firstMismatch < 0) firstMismatch = i;
      if (listed.length < LISTED_MISMATCHES) listed[listed.length] = i;
    }
  }
  if (mismatched === 0) return;

  const who = label(name);
  const scalar = want.shape.length === 0;
  let gotNonFinite = 0;
  for (let i = 0; i < total; i++) {
    const a = have.data[i];
    if (a !== a || a === Infinity || a === -Infinity) gotNonFinite++;
  }
  const nonFiniteNote = gotNonFinite > 0 ? `\n${gotNonFinite} of the ${total} values of ${who} are NaN or ±Infinity` : '';
  if (nanCount > 0 || infCount > 0) {
    const kinds = nanCount > 0 && infCount > 0 ? 'NaN and Infinity' : nanCount > 0 ? 'NaN' : 'Infinity';
    const where = scalar ? '' : ` (at ${nanCount + infCount} of ${total} positions, first at index ${formatIndex(firstNonFinite, want.shape)})`;
    throw new CheckFailure('nonfinite', `${who} contains ${kinds}${where}`);
  }
  if (hidden) {
    const where = scalar ? '' : `\nMismatched elements: ${mismatched} / ${total} (${percent(mismatched, total)}), first at index ${formatIndex(firstMismatch, want.shape)}`;
    throw new CheckFailure('mismatch', `${who} is not close to the expected value (values are not shown in hidden checks)${where}${nonFiniteNote}`);
  }
  if (scalar) {
    throw new CheckFailure('mismatch', `${who} is not close to the expected value: expected ${formatNumber(want.data[0])}, got ${formatNumber(have.data[0])}`
      + ` (difference ${formatNumber(worstAbs)}, up to ${formatNumber(atol + rtol * (want.data[0] < 0 ? -want.data[0] : want.data[0]))} allowed)`);
  }
  const lines = [
    `${who} is not close to the expected value`,
    `Mismatched elements: ${mismatched} / ${total} (${percent(mismatched, total)})`,
  ];
  // Differences are measured over finite pairs only; NaN or opposite infinities have none.
  if (worstAbsAt >= 0 && worstAbs > 0) {
    lines[lines.length] = `Greatest absolute difference: ${formatNumber(worstAbs)} at index ${formatIndex(worstAbsAt, want.shape)} (up to ${formatNumber(atol)} allowed)`;
    lines[lines.length] = `Greatest relative difference: ${formatNumber(worstRel)} at index ${formatIndex(worstRelAt, want.shape)} (up to ${formatNumber(rtol)} allowed)`;
  }
  for (let k = 0; k < listed.length; k++) {
    const i = listed[k];
    lines[lines.length] = `at index ${formatIndex(i, want.shape)}: expected ${formatNumber(want.data[i])}, got ${formatNumber(have.data[i])}`;
  }
  let message = lines[0];
  for (let k = 1; k < lines.length; k++) message += '\n' + lines[k];
  message += nonFiniteNote;
  throw new CheckFailure('mismatch', message);
}

/** Structural equality of JSON-like values (numbers, strings, booleans, null, arrays, plain objects). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return a !== a && b !== b;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (isArray(a) !== isArray(b)) return false;
  if (getPrototypeOf(a) !== getPrototypeOf(b)) return false;
  const keysA = ownKeys(a as object);
  const keysB = ownKeys(b as object);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i];
    if (!(key in (b as object))) return false;
    if (!deepEqual((a as Record<PropertyKey, unknown>)[key], (b as Record<PropertyKey, unknown>)[key])) return false;
  }
  return true;
}

function preview(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || value === null || value === undefined || typeof value === 'boolean') {
    return describeValue(value);
  }
  try {
    const text = JSON.stringify(value);
    if (typeof text === 'string') return text.length > 120 ? text.slice(0, 120) + '…' : text;
  } catch {
    // Cyclic or exotic: fall back to a description.
  }
  return describeValue(value);
}

/** Fails the check unless `got` equals `expected` exactly (for labels, counts, answers to choice questions). */
export function expectEqual(got: unknown, expected: unknown, name?: string): void {
  if (deepEqual(got, expected)) return;
  const who = label(name);
  // Hidden checks word only the kind of failure: no value of either side.
  if (currentVisibility() === 'hidden') throw new CheckFailure('mismatch', `${who} is not the expected value (values are not shown in hidden checks)`);
  throw new CheckFailure('mismatch', `${who} is wrong: expected ${preview(expected)}, got ${preview(got)}`);
}

/** Fails the check with `message` unless `condition` holds. */
export function expectTrue(condition: unknown, message: string): void {
  if (!condition) throw new CheckFailure('assertion', StringClass(message));
}
