// Finding the suite files, naming their exercises, applying the exercise filter, and loading a
// suite's checks (importing it in this process: suites are trusted, submissions never load here).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectChecks, type RegisteredCheck } from '../kit/check.ts';
import { GraderError } from './types.ts';
import { resolveId } from './resolve-id.ts';

export interface SuiteFile {
  /** Absolute path. */
  file: string;
  /** Exercise id: the file name up to its first dot ("04-sine-prediction.suite.ts", "04-sine-prediction.private.suite.ts"). */
  exerciseId: string;
}

export function exerciseIdOf(file: string): string {
  return basename(file).split('.')[0];
}

function requireDirectory(dir: string, what: string): string {
  const absolute = resolve(dir);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
    throw new GraderError(`${what} not found: ${dir} (no such directory)`);
  }
  return absolute;
}

export function findSuites(dirs: readonly string[], what = 'suite directory'): SuiteFile[] {
  const suites: SuiteFile[] = [];
  for (const dir of dirs) {
    const absolute = requireDirectory(dir, what);
    for (const name of readdirSync(absolute).sort()) {
      if (!name.endsWith('.suite.ts')) continue;
      const file = join(absolute, name);
      if (statSync(file).isFile()) suites.push({ file, exerciseId: exerciseIdOf(file) });
    }
  }
  return suites;
}

/** "4" and "04" match "04-sine-prediction" by number; anything else matches as a case-insensitive substring. */
export function matchesFilter(exerciseId: string, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  if (wanted === '') return false;
  if (/^\d+$/.test(wanted)) {
    const number = /^(\d+)/.exec(exerciseId)?.[1];
    return number !== undefined && Number(number) === Number(wanted);
  }
  return exerciseId.toLowerCase().includes(wanted);
}

/** Each filter names one exercise, looked up as `npm run lesson` and `npm run ex` do (number first, then part of the name). */
export function applyFilters(suites: SuiteFile[], filters: readonly string[]): SuiteFile[] {
  if (filters.length === 0) return suites;
  const ids = [...new Set(suites.map((suite) => suite.exerciseId))];
  const wanted = new Set<string>();
  for (const filter of filters) {
    const resolution = resolveId(filter, ids, 'exercise');
    if (!resolution.ok) throw new GraderError(resolution.message);
    wanted.add(resolution.id);
  }
  return suites.filter((suite) => wanted.has(suite.exerciseId));
}

export { requireDirectory };

const loaded = new Map<string, Promise<RegisteredCheck[]>>();
let queue: Promise<unknown> = Promise.resolve();

/** The checks a suite file declares (imported once per process; imports are queued, one at a time). */
export function loadSuite(file: string): Promise<RegisteredCheck[]> {
  let checks = loaded.get(file);
  if (!checks) {
    checks = queue.then(() => collectChecks(() => import(pathToFileURL(file).href)));
    queue = checks.catch(() => undefined);
    loaded.set(file, checks);
  }
  return checks;
}
