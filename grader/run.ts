// runGrade(): the grader as a function. The CLI (cli.ts) is a thin shell around it; tests and
// course scripts call it directly.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { GRADER_DIR, RUNTIME_SETUP, createGraderVitest, collectingStream, permissionArgs } from './engine/vitest-setup.ts';
import { findSuites, applyFilters, requireDirectory, type SuiteFile } from './engine/suites.ts';
import { createWorkspace } from './engine/workspace.ts';
import { collectManifest, type Manifest, type ManifestCheck } from './engine/manifest.ts';
import { executeSuites } from './engine/execute.ts';
import { assemble } from './engine/assemble.ts';
import { submissionBoundary } from './engine/boundary.ts';
import { PathMapper, safeLines } from './engine/text.ts';
import { DEFAULT_GRADING_SEED } from './kit/constants.ts';
import { GraderError, type GradeLimits, type GradeOptions, type GradeResult } from './engine/types.ts';

export * from './engine/types.ts';

export const DEFAULT_LIMITS: GradeLimits = {
  loadTimeoutMs: 20_000,
  hookTimeoutMs: 30_000,
  checkTimeoutMs: 5_000,
  graceMs: 2_000,
  memoryLimitMb: 1_536,
  heapLimitMb: 2_048,
  maxReruns: 6,
  overallTimeoutMs: 10 * 60_000,
};

/** Console output kept per exercise. */
const MAX_OUTPUT_LINES = 200;

export const COURSE_ROOT = dirname(GRADER_DIR);

function vitestVersion(root: string): string {
  try {
    const require = createRequire(join(root, 'package.json'));
    return (JSON.parse(readFileSync(require.resolve('vitest/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The seed from the options, else GRADE_SEED, else the kit's default; anything else is an error. */
export function resolveSeed(seed: number | undefined, env: string | undefined = process.env.GRADE_SEED): number {
  if (seed !== undefined) {
    if (!Number.isSafeInteger(seed)) throw new GraderError(`the seed must be an integer, got ${seed}`);
    return seed;
  }
  if (env !== undefined && env.trim() !== '') {
    const parsed = Number(env);
    if (!Number.isSafeInteger(parsed)) throw new GraderError(`GRADE_SEED must be an integer, got '${env}'`);
    return parsed;
  }
  return DEFAULT_GRADING_SEED;
}

function displayPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
}

/** When the solutions cannot be collected, the run's own report is the best manifest left (with a warning). */
function fallbackChecks(suite: SuiteFile, tests: { path: string[]; meta: { points?: number; visibility?: string; hint?: string } }[]): ManifestCheck[] {
  return tests.map((test) => ({
    suiteFile: suite.file,
    exerciseId: suite.exerciseId,
    path: test.path,
    points: typeof test.meta.points === 'number' && test.meta.points >= 0 ? test.meta.points : 1,
    visibility: test.meta.visibility === 'hidden' ? 'hidden' : 'visible',
    ...(test.meta.hint ? { hint: test.meta.hint } : {}),
    mode: 'run',
  }));
}

/** vitest.close() can wait forever on a run that was cancelled mid-way; the grader does not. */
async function closeWithin(vitest: { close(): Promise<void> }, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([vitest.close().catch(() => undefined), new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); })]);
  clearTimeout(timer);
}

export async function runGrade(options: GradeOptions = {}): Promise<GradeResult> {
  const started = Date.now();
  const root = realpathSync(resolve(options.root ?? COURSE_ROOT));
  const limits: GradeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const seed = resolveSeed(options.seed);
  const submissionDir = realpathSync(requireDirectory(options.submissionDir ?? join(root, 'exercises'), 'submission directory'));
  const submissionLabel = options.submissionLabel ?? displayPath(submissionDir);
  const solutionsDir = resolve(options.solutionsDir ?? join(root, 'solutions'));
  const suiteDirs = options.suiteDirs ?? [join(root, 'grader', 'suites')];
  const suites = applyFilters(
    [...findSuites(suiteDirs), ...findSuites(options.extraSuiteDirs ?? [], 'private suite directory')],
    options.filters ?? [],
  );
  if (suites.length === 0) throw new GraderError(`no suites (*.test.ts) found in ${suiteDirs.map(displayPath).join(', ')}`);
  const workers = Math.max(1, options.workers ?? Math.min(4, availableParallelism()));
  const warnings: string[] = [];
  const version = vitestVersion(root);

  const workspace = createWorkspace(submissionDir, root);
  try {
    const solutionsExist = existsSync(solutionsDir);
    if (!solutionsExist) warnings.push(`no solutions directory at ${displayPath(solutionsDir)}: maximum points are taken from the run itself`);
    const manifestPromise: Promise<Manifest | null> = solutionsExist
      ? collectManifest({ root, suites, solutionsDir: realpathSync(solutionsDir), cacheDir: options.cacheDir ?? join(root, '.grade'), workers, vitestVersion: version })
      : Promise.resolve(null);
    // Don't leave a rejected manifest promise unobserved while the run goes on.
    manifestPromise.catch(() => undefined);

    const logs: { taskId: string; attempt: number; lines: string[] }[] = [];
    let currentAttempt = 0;
    const protectModules = existsSync(join(root, 'lib', 'index.ts')) ? [join(root, 'lib', 'index.ts')] : [];
    const vitest = await createGraderVitest({
      root,
      suiteFiles: suites.map((suite) => suite.file),
      submissionDir: workspace.submissionCopy,
      runtime: true,
      checkTimeoutMs: limits.checkTimeoutMs,
      hookTimeoutMs: limits.hookTimeoutMs,
      workers,
      execArgv: [
        `--max-old-space-size=${limits.heapLimitMb}`,
        '--no-warnings',
        ...(options.permissions === false ? [] : permissionArgs({
          nodeModules: join(root, 'node_modules'), workspaceRoot: workspace.root, viteTmp: workspace.viteTmp, scratch: workspace.scratch,
        })),
      ],
      env: { TMPDIR: join(workspace.scratch, 'tmp'), TEMP: join(workspace.scratch, 'tmp'), TMP: join(workspace.scratch, 'tmp'), GRADE_SEED: String(seed), FORCE_COLOR: '0', NO_COLOR: '1' },
      plugins: [submissionBoundary({
        submissionDir: workspace.submissionCopy,
        allowedDirs: [join(root, 'lib')],
        entryFiles: [...suites.map((suite) => suite.file), RUNTIME_SETUP, ...protectModules],
      })],
      reporter: {
        onUserConsoleLog(log) {
          if (log.taskId) logs.push({ taskId: log.taskId, attempt: currentAttempt, lines: safeLines(log.content, 50, 300) });
        },
      },
      // vitest's own messages and raw writes of the workers are not part of the report.
      output: collectingStream(() => {}),
      snapshotDir: join(workspace.scratch, 'snapshots'),
      viteTmp: workspace.viteTmp,
    });

    let execution;
    const runStarted = Date.now();
    try {
      execution = await executeSuites({
        vitest,
        suiteFiles: suites.map((suite) => suite.file),
        runtime: {
          loadTimeoutMs: limits.loadTimeoutMs,
          hookTimeoutMs: limits.hookTimeoutMs,
          graceMs: limits.graceMs,
          memoryLimitMb: limits.memoryLimitMb,
          protectModules,
        },
        journalDir: (attempt) => workspace.journalDir(attempt),
        seed,
        maxReruns: limits.maxReruns,
        overallTimeoutMs: limits.overallTimeoutMs,
        onAttemptStart: (attempt) => {
          currentAttempt = attempt;
        },
      });
    } finally {
      await closeWithin(vitest, 5000);
    }
    const runMs = Date.now() - runStarted;

    let manifest = await manifestPromise;
    if (!manifest) manifest = { files: suites.map((suite) => ({ suiteFile: suite.file, checks: [] as ManifestCheck[], error: 'no solutions' })), cached: false, ms: 0 };
    manifest.files = manifest.files.map((file, i) => {
      if (!file.error) return file;
      const suite = suites[i];
      if (solutionsExist) warnings.push(`${displayPath(suite.file)} could not be collected against the solutions (${file.error}); its maximum points are taken from the run itself`);
      return { ...file, checks: fallbackChecks(suite, execution.files.get(suite.file)?.tests ?? []) };
    });
    for (const file of manifest.files) {
      for (const check of file.checks) {
        if (check.mode === 'skip' || check.mode === 'todo') warnings.push(`${check.exerciseId} › ${check.path.join(' › ')} is marked ${check.mode} in its suite and is not graded`);
      }
    }

    const fileOfTaskId = new Map<string, string>();
    for (const [file, id] of execution.fileTaskIds) fileOfTaskId.set(id, file);
    const output = new Map<string, string[]>();
    for (const log of logs) {
      const file = fileOfTaskId.get(log.taskId.split('_')[0]);
      // A re-run replaces what the file printed before.
      if (!file || execution.files.get(file)?.lastAttempt !== log.attempt) continue;
      const lines = output.get(file) ?? [];
      if (lines.length < MAX_OUTPUT_LINES) lines.push(...log.lines.slice(0, MAX_OUTPUT_LINES - lines.length));
      output.set(file, lines);
    }

    const workCopy = realpathSync(join(workspace.root, 'work'));
    const paths = new PathMapper([
      [workspace.submissionCopy, submissionLabel],
      [join(workCopy, 'lib'), 'lib'],
      [join(root, 'lib'), 'lib'],
      [workspace.root, '<grading workspace>'],
      [root + '/', ''],
    ]);
    const exercises = assemble(manifest, execution, {
      paths,
      submissionCopy: workspace.submissionCopy,
      submissionLabel,
      limits,
      output,
      relativeSuite: (file) => displayPath(file),
    });
    const score = exercises.reduce((sum, exercise) => sum + exercise.points, 0);
    const maxScore = exercises.reduce((sum, exercise) => sum + exercise.maxPoints, 0);
    return {
      score,
      maxScore,
      percent: maxScore > 0 ? (100 * score) / maxScore : 0,
      exercises,
      seed,
      submissionDir,
      submissionLabel,
      executionTimeMs: Date.now() - started,
      warnings,
      timings: {
        manifestMs: manifest.ms,
        manifestCached: manifest.cached,
        runMs,
        reruns: execution.reruns,
        files: [...execution.files.values()].map((file) => ({
          suite: displayPath(file.suiteFile), attempts: file.attempts, ...(file.timing ?? { setupMs: 0, collectMs: 0, testsMs: 0 }),
        })),
      },
    };
  } finally {
    workspace.dispose();
  }
}
