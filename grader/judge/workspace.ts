// The run folder the sandboxes read from: <course>/.grade/runs/<pid>-<random>/ holding
// package.json, the library and the probe harness transpiled to JavaScript, one transpiled copy
// of each exercise, and one scratch folder per exercise (the only place a sandbox may write).
// It lives inside the course so that `ml-matrix` & co. resolve to the course's node_modules
// without links (a link inside an allowed folder would lead the permission model astray). Run
// folders of grader processes that no longer exist are removed at the next start.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { buildSync } from 'esbuild';
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
 * The harness is the same for every grading of a process, so its JavaScript is kept by source
 * text (the library's bundle likewise, below): a long-lived grader (npm run mutate, npm run watch)
 * transpiles it once, not once per grading. Submissions never go through this cache (intake transpiles them).
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

/**
 * Writes every .ts file of `from` (tests and fixtures left out) into `to` as `codeFor` makes it
 * (default: transpiled); other files are copied. Returns the .ts files read.
 */
function copyTranspiled(
  from: string, to: string, skip: (rel: string) => boolean,
  codeFor: (source: string, rel: string) => string = transpiledOnce,
): { rel: string; source: string }[] {
  const sources: { rel: string; source: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const source = join(dir, entry.name);
      const rel = relative(from, source);
      if (skip(rel)) continue;
      const target = join(to, rel);
      if (entry.isDirectory()) walk(source);
      else if (entry.isFile()) {
        mkdirSync(dirname(target), { recursive: true });
        if (entry.name.endsWith('.ts')) {
          const text = readFileSync(source, 'utf8');
          sources.push({ rel, source: text });
          writeFileSync(target, codeFor(text, rel));
        } else copyFileSync(source, target);
      }
    }
  };
  walk(from);
  return sources;
}

/**
 * The library as one module for the sandbox. Every sandbox start loads the library, and each of its
 * ~45 modules would go through the module hooks' worker thread one by one: one bundled module starts
 * a sandbox about a fifth faster, which matters to npm run mutate's thousands of gradings. It sits in
 * lib/backend/ because the wasm backend finds its .wasm bytes relative to its own URL
 * (lib/backend/wasm/), and ml-matrix & co. stay outside it (the harness hands probes ml-matrix's
 * Matrix, which must be the library's). Kept per process by the library's source text.
 */
export const LIB_BUNDLE = 'backend/sandbox-bundle.ts';
const bundleCache = new Map<string, string>();

function bundledLibrary(libDir: string, sources: { rel: string; source: string }[]): string {
  const hash = createHash('sha256');
  for (const { rel, source } of sources) hash.update(`${rel}\0${source}\0`);
  const key = hash.digest('hex');
  let code = bundleCache.get(key);
  if (code === undefined) {
    const result = buildSync({
      entryPoints: [join(libDir, 'index.ts')], bundle: true, format: 'esm', platform: 'node', target: 'node20',
      packages: 'external', write: false, logLevel: 'silent',
    });
    code = result.outputFiles[0].text;
    bundleCache.set(key, code);
  }
  return code;
}

/**
 * A module of the run folder's library: a re-export of the bundle, so a submission importing
 * lib/index.ts or, unusually, a deeper file gets the one copy of each class (instanceof holds).
 */
function reexportOfBundle(_source: string, rel: string): string {
  const target = relative(dirname(rel), LIB_BUNDLE).split('\\').join('/');
  return `export * from '${target.startsWith('.') ? target : `./${target}`}';\n`;
}

const isTestFile = (rel: string) => /(^|\/)(test|tests|fixtures)(\/|$)/.test(rel) || rel.endsWith('.test.ts');

export function createRunWorkspace(courseRoot: string): RunWorkspace {
  const runsDir = join(courseRoot, '.grade', 'runs');
  mkdirSync(runsDir, { recursive: true });
  removeStaleRuns(runsDir);
  const base = mkdtempSync(join(runsDir, `${process.pid}-`));
  writeFileSync(join(base, 'package.json'), '{ "type": "module", "private": true }\n');
  const libSources = copyTranspiled(join(courseRoot, 'lib'), join(base, 'lib'), isTestFile, reexportOfBundle);
  writeFileSync(join(base, 'lib', LIB_BUNDLE), bundledLibrary(join(courseRoot, 'lib'), libSources));
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
