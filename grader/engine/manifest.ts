// The manifest: every check of every suite with its points, visibility and hint, collected from
// the reference solutions (vitest collectTests with @submission pointed at solutions/). It fixes
// the maximum score even when a submission does not load, and it is authoritative: points and
// visibility reported from a graded worker are never trusted.
//
// Collection is cached per suite file in <cacheDir>/manifest.json, together with a hash of every
// file the suite loaded while being collected; any change to one of them collects it again.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { TestCase, TestModule, Vitest } from 'vitest/node';
import { createGraderVitest, collectingStream } from './vitest-setup.ts';
import type { SuiteFile } from './suites.ts';
import type { Visibility } from './types.ts';

export interface ManifestCheck {
  suiteFile: string;
  exerciseId: string;
  /** Group names, then the check's own name. */
  path: string[];
  points: number;
  visibility: Visibility;
  hint?: string;
  /** vitest's mode: checks marked skip/todo in a suite are not graded. */
  mode: string;
}

export interface ManifestFile {
  suiteFile: string;
  checks: ManifestCheck[];
  /** Why collecting against the solutions failed (a bug in the course), if it did. */
  error?: string;
}

export interface Manifest {
  files: ManifestFile[];
  cached: boolean;
  ms: number;
}

const CACHE_FORMAT = 1;

interface CacheEntry {
  format: number;
  vitestVersion: string;
  solutionsDir: string;
  /** File path -> sha1 of its content, for every module the suite loaded while collected. */
  inputs: Record<string, string>;
  checks: ManifestCheck[];
}

type CacheFile = Record<string, CacheEntry>;

function sha1(content: Buffer | string): string {
  return createHash('sha1').update(content).digest('hex');
}

function hashFile(file: string): string | null {
  try {
    return sha1(readFileSync(file));
  } catch {
    return null;
  }
}

export function testPath(test: TestCase): string[] {
  const names: string[] = [test.name];
  let parent = test.parent;
  while (parent.type === 'suite') {
    names.unshift(parent.name);
    parent = parent.parent;
  }
  return names;
}

function checksOf(module: TestModule, suite: SuiteFile): ManifestCheck[] {
  const checks: ManifestCheck[] = [];
  for (const test of module.children.allTests()) {
    const meta = test.meta();
    const points = typeof meta.points === 'number' && meta.points >= 0 ? meta.points : 1;
    checks.push({
      suiteFile: suite.file,
      exerciseId: suite.exerciseId,
      path: testPath(test),
      points,
      visibility: meta.visibility === 'hidden' ? 'hidden' : 'visible',
      ...(typeof meta.hint === 'string' && meta.hint ? { hint: meta.hint } : {}),
      mode: test.options.mode,
    });
  }
  return checks;
}

/** Files the suite module pulled in through Vite while it was collected (node_modules excluded). */
function inputsOf(vitest: Vitest, suiteFile: string): Record<string, string> | null {
  const graph = vitest.getRootProject().vite.environments.ssr?.moduleGraph;
  const start = graph?.getModuleById(suiteFile);
  if (!graph || !start) return null;
  const inputs: Record<string, string> = {};
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0) {
    const node = queue.pop()!;
    const file = node.file ?? (node.id ?? '').split('?')[0];
    if (file && !file.includes('/node_modules/') && !file.startsWith('\0')) {
      const hash = hashFile(file);
      if (hash === null) return null;
      inputs[file] = hash;
    }
    for (const next of node.importedModules) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return inputs;
}

function readCache(cacheFile: string | null): CacheFile {
  if (!cacheFile || !existsSync(cacheFile)) return {};
  try {
    return JSON.parse(readFileSync(cacheFile, 'utf8')) as CacheFile;
  } catch {
    return {};
  }
}

function isFresh(entry: CacheEntry | undefined, solutionsDir: string, vitestVersion: string): entry is CacheEntry {
  if (!entry || entry.format !== CACHE_FORMAT || entry.solutionsDir !== solutionsDir || entry.vitestVersion !== vitestVersion) return false;
  return Object.entries(entry.inputs).every(([file, hash]) => hashFile(file) === hash);
}

export async function collectManifest(params: {
  root: string;
  suites: SuiteFile[];
  solutionsDir: string;
  cacheDir: string | false;
  workers: number;
  vitestVersion: string;
}): Promise<Manifest> {
  const started = Date.now();
  const cacheFile = params.cacheDir ? join(params.cacheDir, 'manifest.json') : null;
  const cache = readCache(cacheFile);
  const files = new Map<string, ManifestFile>();
  const missing: SuiteFile[] = [];
  for (const suite of params.suites) {
    const entry = cache[suite.file];
    if (isFresh(entry, params.solutionsDir, params.vitestVersion)) files.set(suite.file, { suiteFile: suite.file, checks: entry.checks });
    else missing.push(suite);
  }
  if (missing.length > 0) {
    const vitest = await createGraderVitest({
      root: params.root,
      suiteFiles: missing.map((suite) => suite.file),
      submissionDir: params.solutionsDir,
      runtime: false,
      checkTimeoutMs: 5000,
      hookTimeoutMs: 10000,
      workers: params.workers,
      execArgv: [],
      env: {},
      plugins: [],
      output: collectingStream(() => {}),
      snapshotDir: join(tmpdir(), 'rnn-grade-no-snapshots'),
    });
    try {
      const project = vitest.getRootProject();
      const result = await vitest.collectTests(missing.map((suite) => project.createSpecification(suite.file)));
      for (const suite of missing) {
        const module = result.testModules.find((m) => m.moduleId === suite.file);
        const errors = module?.errors() ?? [];
        if (!module || errors.length > 0) {
          const why = errors[0]?.message ?? 'the suite was not collected';
          files.set(suite.file, { suiteFile: suite.file, checks: module ? checksOf(module, suite) : [], error: why.split('\n')[0] });
          delete cache[suite.file];
          continue;
        }
        const checks = checksOf(module, suite);
        files.set(suite.file, { suiteFile: suite.file, checks });
        const inputs = inputsOf(vitest, suite.file);
        if (inputs) {
          cache[suite.file] = { format: CACHE_FORMAT, vitestVersion: params.vitestVersion, solutionsDir: params.solutionsDir, inputs, checks };
        }
      }
    } finally {
      await vitest.close();
    }
    if (cacheFile) {
      mkdirSync(params.cacheDir as string, { recursive: true });
      // Write then rename, so two graders running at once never read half a file.
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(cache, null, 1));
      renameSync(temporary, cacheFile);
    }
  }
  return {
    files: params.suites.map((suite) => files.get(suite.file)!),
    cached: missing.length === 0,
    ms: Date.now() - started,
  };
}
