// The run folder the sandboxes read from: <course>/.grade/runs/<pid>-<random>/ holding
// package.json, the library and the probe harness transpiled to JavaScript, one transpiled copy
// of each exercise, and one scratch folder per exercise (the only place a sandbox may write).
// It lives inside the course so that `ml-matrix` & co. resolve to the course's node_modules
// without links (a link inside an allowed folder would lead the permission model astray). Run
// folders of grader processes that no longer exist are removed at the next start.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transpileModule } from './transpile.ts';

export interface RunWorkspace {
  base: string;
  nodeModules: string;
  exerciseDir(id: string): string;
  scratch(id: string): string;
  dispose(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes run folders whose grader process has ended (a kill leaves them behind). */
export function removeStaleRuns(runsDir: string): number {
  let removed = 0;
  let names: string[] = [];
  try {
    names = readdirSync(runsDir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    // Our own folders, and those of graders still running, stay.
    if (pid === process.pid || (Number.isSafeInteger(pid) && pid > 0 && processAlive(pid))) continue;
    rmSync(join(runsDir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/**
 * The library and the harness are the same for every grading of a process, so their JavaScript is
 * kept by source text: a long-lived grader (npm run mutate, npm run watch) transpiles them once,
 * not once per grading. Submissions never go through this cache (intake transpiles them).
 */
const transpiledCache = new Map<string, string>();

function transpiledOnce(source: string, rel: string): string {
  const key = `${rel}\0${source}`;
  let code = transpiledCache.get(key);
  if (code === undefined) {
    code = transpileModule(source, rel).code;
    transpiledCache.set(key, code);
  }
  return code;
}

/** Transpiles every .ts file of `from` (tests and fixtures left out) into `to`; other files are copied. */
function copyTranspiled(from: string, to: string, skip: (rel: string) => boolean): void {
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const source = join(dir, entry.name);
      const rel = relative(from, source);
      if (skip(rel)) continue;
      const target = join(to, rel);
      if (entry.isDirectory()) walk(source);
      else if (entry.isFile()) {
        mkdirSync(dirname(target), { recursive: true });
        if (entry.name.endsWith('.ts')) writeFileSync(target, transpiledOnce(readFileSync(source, 'utf8'), rel));
        else copyFileSync(source, target);
      }
    }
  };
  walk(from);
}

const isTestFile = (rel: string) => /(^|\/)(test|tests|fixtures)(\/|$)/.test(rel) || rel.endsWith('.test.ts');

export function createRunWorkspace(courseRoot: string): RunWorkspace {
  const runsDir = join(courseRoot, '.grade', 'runs');
  mkdirSync(runsDir, { recursive: true });
  removeStaleRuns(runsDir);
  const base = mkdtempSync(join(runsDir, `${process.pid}-`));
  writeFileSync(join(base, 'package.json'), '{ "type": "module", "private": true }\n');
  copyTranspiled(join(courseRoot, 'lib'), join(base, 'lib'), isTestFile);
  const sandboxSource = join(dirname(fileURLToPath(import.meta.url)), '..', 'sandbox');
  copyTranspiled(sandboxSource, join(base, 'grader', 'sandbox'), isTestFile);
  mkdirSync(join(base, 'exercises'));
  mkdirSync(join(base, 'scratch'));
  let disposed = false;
  return {
    base,
    nodeModules: join(courseRoot, 'node_modules'),
    exerciseDir: (id) => join(base, 'exercises', id),
    scratch: (id) => {
      const dir = join(base, 'scratch', id);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      rmSync(base, { recursive: true, force: true });
    },
  };
}
