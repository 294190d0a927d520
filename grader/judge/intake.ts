// Taking a submission in: find the folder that holds the exercises, then copy each exercise's
// regular files (and folders) into the run folder, transpiled. Links, devices, sockets and fifos
// are refused by name — a link could lead to the solutions, a fifo could hang the copy — and so
// is anything past the size limits. A refused exercise is not graded; the others are.
import { existsSync, lstatSync, type Stats, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { GraderError } from '../engine/types.ts';
import { transpileModule } from './transpile.ts';

export const INTAKE_LIMITS = { maxFiles: 200, maxBytes: 5 * 1024 * 1024, maxDepth: 6 };

const EXERCISE_FOLDER = /^\d{2}-[a-z0-9-]+$/;

export interface ResolvedSubmission {
  /** The folder whose NN-name subfolders are the exercises. */
  dir: string;
  /** Set when the given folder was a repository root and its exercises/ folder is graded instead. */
  note?: string;
}

/**
 * Where the exercises are: the folder itself (NN-name subfolders), or its exercises/ folder (a
 * repository root). A single exercise folder, an empty folder or a missing one is an error that
 * says what was expected.
 */
export function resolveSubmissionDir(dir: string): ResolvedSubmission {
  if (!existsSync(dir)) throw new GraderError(`submission directory not found: ${dir}`);
  const stat = lstatSync(dir);
  if (stat.isSymbolicLink()) throw new GraderError(`the submission directory is a symbolic link: ${dir}; give the real folder`);
  if (!stat.isDirectory()) throw new GraderError(`the submission must be a directory laid out like exercises/, got a file: ${dir}`);
  const names = readdirSync(dir);
  if (names.some((name) => EXERCISE_FOLDER.test(name))) return { dir };
  if (names.includes('exercises') && lstatSync(join(dir, 'exercises')).isDirectory()) {
    return { dir: join(dir, 'exercises'), note: `graded ${join(dir, 'exercises')} (the folder given is a repository root)` };
  }
  if (EXERCISE_FOLDER.test(basename(dir)) && names.some((name) => name.endsWith('.ts'))) {
    throw new GraderError(`${dir} is one exercise folder; give the folder that contains it (laid out like exercises/: ${basename(dir)}/, …)`);
  }
  throw new GraderError(`no exercise folders (NN-name, e.g. 01-rnn-cell) in ${dir}${names.length === 0 ? ' (it is empty)' : `; it holds: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`}`);
}

export type IntakeOutcome =
  | { kind: 'copied'; files: number; bytes: number; syntaxErrors: string[] }
  | { kind: 'missing' }
  | { kind: 'refused'; reason: string };

function kindOf(stat: Stats): string {
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isFIFO()) return 'a fifo';
  if (stat.isSocket()) return 'a socket';
  if (stat.isBlockDevice() || stat.isCharacterDevice()) return 'a device';
  return 'not a regular file';
}

/** Copies exercise `id` of the submission into `target`, transpiled; refuses it whole on a link or past a limit. */
export function takeInExercise(submissionDir: string, id: string, target: string, label: string): IntakeOutcome {
  const root = join(submissionDir, id);
  if (!lstatExists(root)) return { kind: 'missing' }; // a dangling link exists too, and is refused below
  const files: { source: string; rel: string; size: number }[] = [];
  let bytes = 0;
  const walk = (dir: string, depth: number): string | null => {
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return `${label}/${relative(submissionDir, dir)} is ${kindOf(stat)}; submit regular files and folders only`;
    if (depth > INTAKE_LIMITS.maxDepth) return `${label}/${relative(submissionDir, dir)} is nested deeper than ${INTAKE_LIMITS.maxDepth} folders`;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const entry = lstatSync(path);
      if (entry.isDirectory()) {
        const problem = walk(path, depth + 1);
        if (problem) return problem;
      } else if (entry.isFile()) {
        bytes += entry.size;
        files.push({ source: path, rel: relative(root, path), size: entry.size });
        if (files.length > INTAKE_LIMITS.maxFiles) return `${label}/${id} has more than ${INTAKE_LIMITS.maxFiles} files`;
        if (bytes > INTAKE_LIMITS.maxBytes) return `${label}/${id} is larger than ${INTAKE_LIMITS.maxBytes / 1024 / 1024} MB`;
      } else {
        return `${label}/${relative(submissionDir, path)} is ${kindOf(entry)}; submit regular files and folders only`;
      }
    }
    return null;
  };
  const problem = walk(root, 0);
  if (problem) return { kind: 'refused', reason: problem };
  const syntaxErrors: string[] = [];
  for (const file of files) {
    const destination = join(target, file.rel);
    mkdirSync(dirname(destination), { recursive: true });
    const content = readFileSync(file.source);
    if (file.rel.endsWith('.ts')) {
      const transpiled = transpileModule(content.toString('utf8'), file.rel);
      if (transpiled.error) syntaxErrors.push(transpiled.error);
      writeFileSync(destination, transpiled.code);
    } else {
      writeFileSync(destination, content);
    }
  }
  mkdirSync(target, { recursive: true });
  return { kind: 'copied', files: files.length, bytes, syntaxErrors };
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
