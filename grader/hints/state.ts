// The hint levels a learner has reached, kept on their machine in <course>/.grade/hints.json (git-ignored):
//   { "version": 1, "levels": { "<exercise id>": { "<check name without the exercise id>": <level> } } }
// Level 0 is the first (conceptual) hint, the one every failing check shows by default. A missing or
// unreadable file means "every check at its first level" — never a crash — and writes are atomic
// (a temporary file renamed over the old one), so a save cut short leaves the old state whole.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface HintState {
  /** exercise id → check name (its path joined with ' › ', without the exercise id) → level reached (0-based). */
  levels: Record<string, Record<string, number>>;
}

export interface LoadedHintState {
  state: HintState;
  /** Set when the file existed but could not be used (it is then treated as empty, and overwritten on the next save). */
  problem?: string;
}

const FORMAT_VERSION = 1;

/** Where the state of the exercises in `exercisesDir` lives: `.grade/hints.json` beside that folder. */
export function hintStateFile(exercisesDir: string): string {
  return join(dirname(resolve(exercisesDir)), '.grade', 'hints.json');
}

export function emptyHintState(): HintState {
  return { levels: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the state; a missing file is empty, a corrupt one is empty with a `problem` saying why. Entries that are not levels are dropped. */
export function readHintState(file: string): LoadedHintState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyHintState() };
    return { state: emptyHintState(), problem: `could not read ${file} (${(error as Error).message}); every hint starts at its first level` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { state: emptyHintState(), problem: `${file} is not valid JSON; every hint starts at its first level (the file is rewritten on the next hint)` };
  }
  if (!isRecord(parsed) || !isRecord(parsed.levels)) {
    return { state: emptyHintState(), problem: `${file} is not a hint state file; every hint starts at its first level (the file is rewritten on the next hint)` };
  }
  const state = emptyHintState();
  for (const [exerciseId, checks] of Object.entries(parsed.levels)) {
    if (!isRecord(checks)) continue;
    const kept: Record<string, number> = {};
    for (const [checkName, level] of Object.entries(checks)) {
      if (typeof level === 'number' && Number.isSafeInteger(level) && level > 0) kept[checkName] = level;
    }
    if (Object.keys(kept).length > 0) state.levels[exerciseId] = kept;
  }
  return { state };
}

/** Writes the state atomically (temporary file, then rename), creating `.grade/` if needed. */
export function writeHintState(file: string, state: HintState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  const levels: HintState['levels'] = {};
  for (const exerciseId of Object.keys(state.levels).sort()) {
    const checks = state.levels[exerciseId];
    const names = Object.keys(checks).filter((name) => checks[name] > 0).sort();
    if (names.length > 0) levels[exerciseId] = Object.fromEntries(names.map((name) => [name, checks[name]]));
  }
  try {
    writeFileSync(temporary, JSON.stringify({ version: FORMAT_VERSION, levels }, null, 2) + '\n');
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The check's name as the state keys it: without the leading "<exercise id> › ". */
export function checkKey(exerciseId: string, checkName: string): string {
  const prefix = `${exerciseId} › `;
  return checkName.startsWith(prefix) ? checkName.slice(prefix.length) : checkName;
}

/** The level stored for a check (0 when none); not clamped — the grader clamps to the levels the check has. */
export function storedLevel(state: HintState, exerciseId: string, checkName: string): number {
  return state.levels[exerciseId]?.[checkKey(exerciseId, checkName)] ?? 0;
}

/** The level shown for a check with `levels` levels: the stored one, clamped to 0..levels-1. */
export function shownLevel(state: HintState, exerciseId: string, checkName: string, levels: number): number {
  return Math.max(0, Math.min(levels - 1, storedLevel(state, exerciseId, checkName)));
}

/** GradeOptions.hintLevel reading from `state`. */
export function hintLevelsFrom(state: HintState): (exerciseId: string, checkName: string) => number {
  return (exerciseId, checkName) => storedLevel(state, exerciseId, checkName);
}

export type RaiseOutcome =
  | { raised: true; level: number; levels: number }
  | { raised: false; level: number; levels: number };

/** Raises a check's level by one, up to its last; `raised` is false when it was already at the last level. */
export function raiseLevel(state: HintState, exerciseId: string, checkName: string, levels: number): RaiseOutcome {
  const current = shownLevel(state, exerciseId, checkName, levels);
  if (current >= levels - 1) return { raised: false, level: current, levels };
  const next = current + 1;
  state.levels[exerciseId] = { ...state.levels[exerciseId], [checkKey(exerciseId, checkName)]: next };
  return { raised: true, level: next, levels };
}

/** Back to the first level for every check of one exercise; returns how many checks had a higher level. */
export function resetExercise(state: HintState, exerciseId: string): number {
  const count = Object.keys(state.levels[exerciseId] ?? {}).length;
  delete state.levels[exerciseId];
  return count;
}

/** Reads, changes and saves in one step (re-reading right before the change, so a concurrent save is not lost). */
export function updateHintState<T>(file: string, change: (state: HintState) => T): { result: T; problem?: string } {
  const { state, problem } = readHintState(file);
  const result = change(state);
  writeHintState(file, state);
  return { result, ...(problem ? { problem } : {}) };
}
