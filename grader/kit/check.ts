// check(): one graded check, written as a judge that may call probes. The judge body runs in the
// grading process (it draws inputs from the grading seed, computes expected values with the
// library, compares with expectClose & co., and alone decides the check); each probe it passes to
// `run` is sent as source text to the submission's sandboxed process, runs there, and comes back
// as plain data. A probe therefore cannot use anything from the suite's scope: only its two
// arguments (the sandbox context and the input). See grader/README.md, "Writing a suite".
import type { Matrix as MatrixClass } from 'ml-matrix';
import type * as Library from '../../lib/index.ts';
import { describeValue } from './intrinsics.ts';
import type { Rng } from './random.ts';
import type { Visibility } from './types.ts';

export interface CheckOptions {
  /** Points the check is worth when it passes (default 1; all or nothing). */
  points?: number;
  /** 'visible' (default): fixed inputs, failures show expected against got. 'hidden': inputs from the grading seed, failures never show expected values. */
  visibility?: Visibility;
  /**
   * Shown under a failed check, in levels: a string is one level; an array lists the levels from the
   * first (conceptual: the idea, the equation, the lesson section — never code) to the last (the only
   * one that may be code-shaped). A failed check shows the level the learner has reached
   * (`npm run hint -- <id>` reveals the next one); the first by default.
   */
  hint?: string | readonly string[];
  /** Time limit of each probe call in ms (default: the grader's, 10 s). */
  timeout?: number;
}

/** What a probe sees in the submission's process. */
export interface SandboxContext {
  /** Imports a file of the exercise being graded, e.g. `await load('cell-by-hand.ts')`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  load(file: string): Promise<any>;
  /** The course library (the same module the submission imports). */
  lib: typeof Library;
  /** ml-matrix's Matrix class. */
  Matrix: typeof MatrixClass;
}

/** A probe: runs in the submission's process; returns plain data (numbers, arrays, objects; tensors and matrices become nested arrays). */
export type ProbeFunction<I> = (sandbox: SandboxContext, input: I) => unknown;

export interface RunOptions {
  /** This call's time limit in ms (default: the check's). */
  timeout?: number;
}

export interface CheckContext {
  /** Seeded generator for this check: from the grading seed in hidden checks, fixed in visible ones. */
  rng: Rng;
  /** The check's full name (group names and its own). */
  name: string;
  /**
   * Runs `probe(sandbox, input)` in the submission's process and resolves with what it returned,
   * decoded (NaN, ±Infinity and undefined survive). The value is untrusted data: check its form
   * before use (the expect* helpers do). Rejects with a CheckFailure when the submission threw,
   * was not started, timed out or crashed.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run<I>(probe: ProbeFunction<I>, input: I, options?: RunOptions): Promise<any>;
}

export type CheckBody = (context: CheckContext) => unknown;

export interface RegisteredCheck {
  /** Group names, then the check's own name. */
  path: string[];
  points: number;
  visibility: Visibility;
  /** Hint levels, first (conceptual) to last (may be code-shaped); empty when the check has none. */
  hints: string[];
  timeout?: number;
  body: CheckBody;
}

type GroupDefaults = Pick<CheckOptions, 'visibility' | 'hint' | 'points' | 'timeout'>;

const groupStack: GroupDefaults[] = [];
const groupNames: string[] = [];
let collecting: RegisteredCheck[] | null = null;

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

function hintLevels(hint: CheckOptions['hint'], name: string): string[] {
  if (hint === undefined) return [];
  const levels = typeof hint === 'string' ? [hint] : hint;
  if (!Array.isArray(levels) || levels.some((level) => typeof level !== 'string' || level.trim() === '')) {
    throw new TypeError(`check '${name}': hint must be a non-empty string or an array of non-empty strings (first level conceptual, last may be code), got ${describeValue(hint)}`);
  }
  return [...levels];
}

/** Declares a graded check. `body` passes when it returns (or resolves) and fails when it throws. */
export function check(name: string, options: CheckOptions, body: CheckBody): void {
  if (!collecting) throw new Error('check() must be called while the grader loads a suite (grader/suites/<id>.suite.ts)');
  const defaults: GroupDefaults = {};
  for (const level of groupStack) Object.assign(defaults, level);
  const merged: CheckOptions = { ...defaults, ...options };
  validate(name, merged);
  const path = [...groupNames, name];
  if (collecting.some((other) => other.path.join(' › ') === path.join(' › '))) {
    throw new Error(`check: two checks are named '${path.join(' › ')}' in this suite; names must be unique`);
  }
  collecting.push({
    path,
    points: merged.points ?? 1,
    visibility: merged.visibility ?? 'visible',
    hints: hintLevels(merged.hint, path.join(' › ')),
    ...(merged.timeout !== undefined ? { timeout: merged.timeout } : {}),
    body,
  });
}

/** A named group of checks whose options become the defaults of the checks inside. */
export function group(name: string, defaults: GroupDefaults, body: () => void): void {
  groupStack.push(defaults);
  groupNames.push(name);
  try {
    body();
  } finally {
    groupStack.pop();
    groupNames.pop();
  }
}

/** Collects the checks a suite module declares while it is imported (the engine's side of check()). */
export async function collectChecks(importSuite: () => Promise<unknown>): Promise<RegisteredCheck[]> {
  if (collecting) throw new Error('suites must be collected one at a time');
  collecting = [];
  try {
    await importSuite();
    return collecting;
  } finally {
    collecting = null;
  }
}
