// check(): a vitest test with points, a visibility and a hint attached as metadata (the grader
// reads them from the solutions run, its manifest), and with failures worded for the learner.
import { test, describe } from 'vitest';
import { CheckFailure } from './failure.ts';
import { enterCheck, leaveCheck } from './state.ts';
import { gradingSeed, seededRandom, type Rng } from './random.ts';
import { ErrorClass, StringClass, describeValue, freeze } from './intrinsics.ts';
import type { Visibility } from './types.ts';

export interface CheckOptions {
  /** Points the check is worth when it passes (default 1; all or nothing). */
  points?: number;
  /** 'visible' (default): fixed inputs, failures show expected against got. 'hidden': inputs from the grading seed, failures never show expected values. */
  visibility?: Visibility;
  /** One line shown under a failed check. */
  hint?: string;
  /** Time limit in ms (default: the grader's, 5000). */
  timeout?: number;
}

export interface CheckContext {
  /** Seeded generator for this check: from the grading seed in hidden checks, fixed in visible ones. */
  rng: Rng;
  /** The grading seed of this run. */
  seed: number;
  /** The check's full name (group names and its own). */
  name: string;
}

type GroupDefaults = Pick<CheckOptions, 'visibility' | 'hint' | 'points' | 'timeout'>;

const groupStack: GroupDefaults[] = [];
const groupNames: string[] = [];
const registered = new Set<string>();

function validate(name: string, options: CheckOptions): void {
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError(`check: the name must be a non-empty string, got ${describeValue(name)}`);
  const points = options.points;
  if (points !== undefined && !(typeof points === 'number' && points >= 0 && points < Infinity)) {
    throw new TypeError(`check '${name}': points must be a number >= 0, got ${describeValue(points)}`);
  }
  if (options.visibility !== undefined && options.visibility !== 'visible' && options.visibility !== 'hidden') {
    throw new TypeError(`check '${name}': visibility must be 'visible' or 'hidden', got ${describeValue(options.visibility)}`);
  }
}

/** Errors from a check body, made readable: non-Error throws wrapped, vitest assertion details hidden in hidden checks. */
function normalizeError(error: unknown, visibility: Visibility): unknown {
  if (error instanceof CheckFailure) return error;
  if (!(error instanceof ErrorClass)) {
    return new CheckFailure('thrown-value', `threw a value that is not an Error: ${describeValue(error)}`);
  }
  if (visibility === 'hidden' && /AssertionError/.test(StringClass(error.name))) {
    return new CheckFailure('assertion', 'an assertion failed (details are not shown in hidden checks)');
  }
  return error;
}

/**
 * Declares a graded check. `fn` gets a seeded `rng`; it passes when it returns (or resolves)
 * and fails when it throws. Use expectClose / expectShape / expectEqual / expectTrue inside.
 */
export function check(name: string, options: CheckOptions, fn: (ctx: CheckContext) => unknown): void {
  const defaults: GroupDefaults = {};
  for (const level of groupStack) Object.assign(defaults, level);
  const merged: CheckOptions = { ...defaults, ...options };
  validate(name, merged);
  const fullName = [...groupNames, name].join(' › ');
  if (registered.has(fullName)) throw new Error(`check: two checks are named '${fullName}' in this file; names must be unique`);
  registered.add(fullName);
  const visibility: Visibility = merged.visibility ?? 'visible';
  const meta = { points: merged.points ?? 1, visibility, ...(merged.hint ? { hint: merged.hint } : {}) };
  test(name, { meta, ...(merged.timeout !== undefined ? { timeout: merged.timeout } : {}) }, async () => {
    const seed = gradingSeed();
    // Visible checks keep fixed inputs; hidden ones change with the grading seed.
    const rng = seededRandom(visibility === 'hidden' ? `${seed}|${fullName}` : `visible|${fullName}`);
    enterCheck(visibility);
    try {
      await fn(freeze({ rng, seed, name: fullName }));
    } catch (error) {
      throw normalizeError(error, visibility);
    } finally {
      leaveCheck();
    }
  });
}

/** A named group of checks (a vitest describe) whose options become the defaults of the checks inside. */
export function group(name: string, defaults: GroupDefaults, fn: () => void): void {
  describe(name, () => {
    groupStack.push(defaults);
    groupNames.push(name);
    try {
      fn();
    } finally {
      groupStack.pop();
      groupNames.pop();
    }
  });
}

/**
 * Imports the submission lazily, so a file that fails to load fails only the checks that use
 * it: `const cell = loadSubmission(() => import('@submission/01-rnn-cell/cell.ts'))`, then
 * `const { rnnStep } = await cell()` inside a check.
 */
export function loadSubmission<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= load().catch((error: unknown) => {
      // The starter's "not implemented" marker keeps its meaning; anything else is a load failure.
      if (error instanceof ErrorClass && error.name === 'NotImplementedError') throw error;
      const text = error instanceof ErrorClass ? `${error.name}: ${error.message}` : describeValue(error);
      throw new CheckFailure('load-error', `the exercise file failed to load: ${text}`);
    });
    return loading;
  };
}
