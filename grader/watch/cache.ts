// The last result of each exercise `npm run watch` graded, kept in .grade/watch-results.json beside
// hints.json, so that a restarted watch shows the course progress at once instead of grading every
// exercise again. A result is used only while its fingerprint holds: a hash of the grading seed,
// the exercise's suite files and every file of the exercise folder (READMEs aside). Any edit, a new
// suite or another seed makes it stale, and a stale or missing exercise is graded at start.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ExerciseResult } from '../engine/types.ts';

export interface CachedResult {
  fingerprint: string;
  /** When it was graded (ms since the epoch). */
  gradedAt: number;
  result: ExerciseResult;
}

export type ResultCache = Record<string, CachedResult>;

const MAX_FILES = 400;

export function cacheFile(exercisesDir: string): string {
  return join(dirname(resolve(exercisesDir)), '.grade', 'watch-results.json');
}

/** Whether a file of an exercise folder matters to its grade (READMEs, editor backups and dotfiles do not). */
export function isGradedFile(name: string): boolean {
  return !name.startsWith('.') && !name.endsWith('~') && !/\.(md|swp|swx|tmp)$/i.test(name);
}

function filesOf(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string, depth: number) => {
    if (depth > 6 || found.length > MAX_FILES) return;
    let names: string[];
    try {
      names = readdirSync(at).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (!isGradedFile(name)) continue;
      const path = join(at, name);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue;
      }
      if (stat.isDirectory()) walk(path, depth + 1);
      else if (stat.isFile()) found.push(path);
    }
  };
  walk(dir, 0);
  return found;
}

/** The fingerprint of an exercise as it is now: seed, suite files and exercise files. */
export function fingerprint(exercisesDir: string, id: string, suiteFiles: readonly string[], seed: number): string {
  const hash = createHash('sha256');
  hash.update(`seed ${seed}\n`);
  for (const file of [...suiteFiles].sort()) {
    hash.update(`suite ${file}\n`);
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('(missing)');
    }
  }
  const root = join(exercisesDir, id);
  const files = filesOf(root);
  if (files.length > MAX_FILES) return `uncacheable ${Date.now()} ${Math.random()}`;
  for (const file of files) {
    hash.update(`\nfile ${relative(root, file)}\n`);
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('(unreadable)');
    }
  }
  return hash.digest('hex');
}

/** The cache; empty when the file is missing or unreadable (the watch then grades at start). */
export function readCache(file: string): ResultCache {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { results?: unknown };
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.results !== 'object' || parsed.results === null) return {};
    const cache: ResultCache = {};
    for (const [id, entry] of Object.entries(parsed.results as Record<string, Partial<CachedResult>>)) {
      if (typeof entry?.fingerprint === 'string' && typeof entry.gradedAt === 'number' && Array.isArray(entry.result?.checks)) {
        cache[id] = entry as CachedResult;
      }
    }
    return cache;
  } catch {
    return {};
  }
}

/** Saves the cache atomically; a failure to save only costs a grading at the next start. */
export function writeCache(file: string, cache: ResultCache): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, JSON.stringify({ version: 1, results: cache }) + '\n');
    renameSync(temporary, file);
  } catch {
    // Read-only folder or full disk: the watch works without its cache.
  } finally {
    rmSync(temporary, { force: true });
  }
}
