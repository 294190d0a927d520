// Starters from solutions: exercises/<id>/<file> is generated from solutions/<id>/<file> by the markers
// of markers.ts. Only each exercise's README.md is written by hand in exercises/ and left alone.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { starterFromSolution } from './markers.ts';

export const COURSE_ROOT = resolve(import.meta.dirname, '..', '..');
export const SOLUTIONS_DIR = join(COURSE_ROOT, 'solutions');
export const EXERCISES_DIR = join(COURSE_ROOT, 'exercises');

/** Files whose markers are processed; every other file is copied unchanged. */
const SOURCE_FILE = /\.(?:ts|mts|cts|js|mjs)$/;

/** Files of exercises/ that are written by hand there, not generated: `<id>/README.md`. */
export function isAuthoredInExercises(relativePath: string): boolean {
  return /^[^/]+\/README\.md$/.test(relativePath);
}

/** Every file under `dir`, as sorted paths relative to it with `/` separators. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) found.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

function requireDirectory(dir: string, what: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`${what}: expected a directory, got ${existsSync(dir) ? 'a file' : 'nothing'} at ${dir}`);
  }
}

/**
 * The starters generated from a solutions directory: relative path (`01-rnn-cell/cell-by-hand.ts`) → content.
 * Every file but `<id>/README.md` is generated; source files have their markers applied.
 * Throws MarkerError (file:line) for a malformed marker.
 */
export function generateStarters(solutionsDir: string = SOLUTIONS_DIR): Map<string, string> {
  requireDirectory(solutionsDir, 'the solutions');
  const label = relative(process.cwd(), solutionsDir) || '.';
  const starters = new Map<string, string>();
  for (const path of listFiles(solutionsDir)) {
    if (isAuthoredInExercises(path)) continue; // an exercise's README is written in exercises/, never generated
    const text = readFileSync(join(solutionsDir, path), 'utf8');
    starters.set(path, SOURCE_FILE.test(path) ? starterFromSolution(text, `${label}/${path}`) : text);
  }
  return starters;
}

/**
 * Writes the generated starters into `targetDir` (created if needed), leaving files that already have the
 * right content untouched. Returns the relative paths it wrote.
 */
export function writeStarters(targetDir: string, solutionsDir: string = SOLUTIONS_DIR): string[] {
  const written: string[] = [];
  for (const [path, content] of generateStarters(solutionsDir)) {
    const target = join(targetDir, path);
    if (existsSync(target) && readFileSync(target, 'utf8') === content) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    written.push(path);
  }
  return written;
}

export interface StarterDifference {
  path: string;
  problem: 'differs' | 'missing from exercises' | 'only in exercises';
}

/** How `exercisesDir` differs from the starters generated from `solutionsDir` (empty: identical). */
export function compareStarters(
  exercisesDir: string = EXERCISES_DIR,
  solutionsDir: string = SOLUTIONS_DIR,
): StarterDifference[] {
  const starters = generateStarters(solutionsDir);
  requireDirectory(exercisesDir, 'the exercises');
  const present = new Set(listFiles(exercisesDir).filter((path) => !isAuthoredInExercises(path)));
  const differences: StarterDifference[] = [];
  for (const [path, content] of starters) {
    if (!present.has(path)) differences.push({ path, problem: 'missing from exercises' });
    else if (readFileSync(join(exercisesDir, path), 'utf8') !== content) differences.push({ path, problem: 'differs' });
  }
  for (const path of present) {
    if (!starters.has(path)) differences.push({ path, problem: 'only in exercises' });
  }
  return differences.sort((a, b) => a.path.localeCompare(b.path));
}
