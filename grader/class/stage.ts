// Finds the exercise folders of a submission and copies only them into a fresh folder.
//
// A submission is accepted in three layouts:
//   - loose:       <root>/<NN-name>/*.ts                (a folder shaped like exercises/)
//   - exercises:   <root>/exercises/<NN-name>/*.ts      (the upload holds an exercises/ folder)
//   - repository:  <root>/exercises/... next to package.json, grader/, .git ... (GitHub Classroom's clone)
// Only the exercise folders are copied: nothing a student changed elsewhere (grader, suites, library,
// package.json) reaches the grader. Symbolic links, special files and dot-entries are skipped, and sizes
// are capped so that a submission cannot fill the disk.
import { lstatSync, mkdirSync, readdirSync, copyFileSync, existsSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export const EXERCISE_FOLDER = /^\d{2}-[A-Za-z0-9._-]+$/;

export type SubmissionLayout = 'loose' | 'exercises' | 'repository';

export interface LocatedSubmission {
  layout: SubmissionLayout;
  /** The folder that holds the NN-name folders. */
  exercisesDir: string;
  /** The NN-name folders found there, sorted. */
  exercises: string[];
}

export interface StageLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  maxFiles: number;
  maxDepth: number;
}

export const DEFAULT_STAGE_LIMITS: StageLimits = {
  maxFileBytes: 2 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
  maxFiles: 2000,
  maxDepth: 6,
};

/** A submission that cannot be graded; the message says what was expected and what was found. */
export class SubmissionError extends Error {
  override name = 'SubmissionError';
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function exerciseFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && EXERCISE_FOLDER.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

function describe(dir: string): string {
  const names = readdirSync(dir).sort();
  if (names.length === 0) return 'it is empty';
  const shown = names.slice(0, 8).map((name) => JSON.stringify(name)).join(', ');
  return `it holds ${shown}${names.length > 8 ? `, … (${names.length} entries)` : ''}`;
}

const REPOSITORY_MARKERS = ['.git', 'package.json', 'grader', 'lib', 'README.md'];

/** Decides the layout of a submission folder, or throws SubmissionError. */
export function locateSubmission(root: string): LocatedSubmission {
  const rootStat = statOrUndefined(root);
  if (!rootStat) throw new SubmissionError(`expected a submission folder, got '${root}', which does not exist`);
  if (rootStat.isSymbolicLink()) throw new SubmissionError(`expected a submission folder, got '${root}', which is a symbolic link`);
  if (!rootStat.isDirectory()) throw new SubmissionError(`expected a submission folder, got '${root}', which is not a folder`);

  const inner = join(root, 'exercises');
  const innerStat = statOrUndefined(inner);
  if (innerStat?.isDirectory()) {
    const exercises = exerciseFolders(inner);
    if (exercises.length === 0) {
      throw new SubmissionError(`expected exercise folders such as 01-rnn-cell/ in '${inner}', but ${describe(inner)}`);
    }
    const layout = REPOSITORY_MARKERS.some((name) => existsSync(join(root, name))) ? 'repository' : 'exercises';
    return { layout, exercisesDir: inner, exercises };
  }
  const loose = exerciseFolders(root);
  if (loose.length > 0) return { layout: 'loose', exercisesDir: root, exercises: loose };
  throw new SubmissionError(
    `expected exercise folders such as 01-rnn-cell/ (loose, or inside exercises/, or a repository containing exercises/) in '${root}', but ${describe(root)}`,
  );
}

export interface StagedSubmission extends LocatedSubmission {
  /** The fresh folder holding copies of the exercise files only, laid out like exercises/. */
  stagedDir: string;
  files: number;
  bytes: number;
  /** What was left out (symbolic links, special files, oversize files), one line each. */
  skipped: string[];
}

/** Copies the exercise files of `root` into `target` (created; must not exist or be empty). */
export function stageSubmission(root: string, target: string, limits: StageLimits = DEFAULT_STAGE_LIMITS): StagedSubmission {
  const located = locateSubmission(root);
  mkdirSync(target, { recursive: true });
  let files = 0;
  let bytes = 0;
  const skipped: string[] = [];

  const copyTree = (from: string, to: string, relative: string, depth: number): void => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${relative}/${entry.name}`;
      if (entry.name.startsWith('.') || entry.name === 'node_modules') {
        skipped.push(`${path} (hidden or node_modules)`);
        continue;
      }
      const source = join(from, entry.name);
      const stat = lstatSync(source);
      if (stat.isSymbolicLink()) {
        skipped.push(`${path} (symbolic link)`);
      } else if (stat.isDirectory()) {
        if (depth >= limits.maxDepth) skipped.push(`${path} (nested deeper than ${limits.maxDepth} folders)`);
        else copyTree(source, join(to, entry.name), path, depth + 1);
      } else if (!stat.isFile()) {
        skipped.push(`${path} (not a regular file)`);
      } else if (stat.size > limits.maxFileBytes) {
        skipped.push(`${path} (${stat.size} bytes, over the limit of ${limits.maxFileBytes})`);
      } else {
        if (files + 1 > limits.maxFiles) throw new SubmissionError(`expected at most ${limits.maxFiles} files in the exercise folders, got more`);
        if (bytes + stat.size > limits.maxTotalBytes) {
          throw new SubmissionError(`expected at most ${limits.maxTotalBytes} bytes in the exercise folders, got more`);
        }
        copyFileSync(source, join(to, entry.name));
        files += 1;
        bytes += stat.size;
      }
    }
  };

  for (const exercise of located.exercises) {
    copyTree(join(located.exercisesDir, exercise), join(target, exercise), exercise, 1);
  }
  return { ...located, stagedDir: target, files, bytes, skipped };
}

/** The newest modification time (ms) of the folder and everything under its exercise part. */
export function newestChange(root: string): number {
  let newest = statOrUndefined(root)?.mtimeMs ?? 0;
  let located: LocatedSubmission;
  try {
    located = locateSubmission(root);
  } catch {
    return newest;
  }
  const walk = (dir: string, depth: number): void => {
    const stat = statOrUndefined(dir);
    if (stat) newest = Math.max(newest, stat.mtimeMs);
    if (depth > DEFAULT_STAGE_LIMITS.maxDepth) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else newest = Math.max(newest, statOrUndefined(path)?.mtimeMs ?? 0);
    }
  };
  walk(located.exercisesDir, 0);
  return newest;
}
