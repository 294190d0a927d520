// Running the suites against the submission copy, and recovering from workers that die: a
// worker killed by the watchdog (endless loop, memory) or by the code itself loses the results
// of its whole file, so the file is run again without the check that killed it, until every
// other check has an honest result.
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { TestModule, Vitest, TestSpecification } from 'vitest/node';
import { journalFileName, readJournal, type CrashCause, type JournalSummary } from '../runtime/journal-format.ts';
import { testPath } from './manifest.ts';
import type { RuntimeConfig } from '../kit/types.ts';
import type { SerializedErrorLike } from './reasons.ts';

export interface RunTest {
  taskId: string;
  path: string[];
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  errors: SerializedErrorLike[];
  durationMs: number;
  /** As reported by the worker: used only when the manifest could not be collected. */
  meta: { points?: number; visibility?: string; hint?: string };
}

/** What is known about a suite file after the last attempt that ran it. */
export interface RunFile {
  suiteFile: string;
  tests: RunTest[];
  /** Errors of the file itself (it failed to load). */
  loadErrors: SerializedErrorLike[];
  /** Checks that killed their worker, with how. */
  culprits: Map<string, CrashCause>;
  /** The worker died while the file was loading, or outside any check. */
  fileCrash: { while: 'loading' | 'between-checks' | 'gave-up'; cause: CrashCause } | null;
  /** The run was stopped (overall time limit) before this file finished. */
  stopped: boolean;
  attempts: number;
  /** Index of the attempt the results come from. */
  lastAttempt: number;
  /** vitest's diagnostics of the last attempt: runtime set-up, collection (imports), tests. */
  timing: { setupMs: number; collectMs: number; testsMs: number } | null;
}

export interface ExecuteParams {
  vitest: Vitest;
  suiteFiles: string[];
  runtime: Omit<RuntimeConfig, 'journalDir' | 'skipTaskIds'>;
  journalDir: (attempt: number) => string;
  seed: number;
  maxReruns: number;
  overallTimeoutMs: number;
  onAttemptStart?: (attempt: number, files: string[]) => void;
}

export interface ExecuteOutcome {
  files: Map<string, RunFile>;
  reruns: number;
  /** Task ids of the attempt each file's results come from, for matching console output. */
  fileTaskIds: Map<string, string>;
  stoppedByTimeLimit: boolean;
}

function readJournalOf(dir: string, suiteFile: string): JournalSummary | null {
  const file = join(dir, journalFileName(suiteFile, createHash));
  return existsSync(file) ? readJournal(readFileSync(file, 'utf8')) : null;
}

function snapshotTests(module: TestModule): RunTest[] {
  const tests: RunTest[] = [];
  for (const test of module.children.allTests()) {
    const result = test.result();
    tests.push({
      taskId: test.id,
      path: testPath(test),
      state: result.state,
      errors: (result.errors ?? []) as unknown as SerializedErrorLike[],
      durationMs: test.diagnostic()?.duration ?? 0,
      meta: { ...test.meta() },
    });
  }
  return tests;
}

export async function executeSuites(params: ExecuteParams): Promise<ExecuteOutcome> {
  const { vitest } = params;
  const project = vitest.getRootProject();
  const files = new Map<string, RunFile>();
  const fileTaskIds = new Map<string, string>();
  for (const suiteFile of params.suiteFiles) {
    files.set(suiteFile, { suiteFile, tests: [], loadErrors: [], culprits: new Map(), fileCrash: null, stopped: false, attempts: 0, lastAttempt: -1, timing: null });
  }
  const deadline = Date.now() + params.overallTimeoutMs;
  const skipTaskIds: string[] = [];
  let pending = [...params.suiteFiles];
  let attempt = 0;
  let attemptsRun = 0;
  let stoppedByTimeLimit = false;

  while (pending.length > 0) {
    const journalDir = params.journalDir(attempt);
    vitest.provide('graderRuntime', { ...params.runtime, journalDir, skipTaskIds: [...skipTaskIds] });
    vitest.provide('gradingSeed', params.seed);
    params.onAttemptStart?.(attempt, pending);
    attemptsRun++;
    const specifications: TestSpecification[] = pending.map((file) => project.createSpecification(file));
    const remaining = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeLimit = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), Math.max(0, remaining)); });
    const run = vitest.runTestSpecifications(specifications, false);
    const outcome = await Promise.race([run, timeLimit]);
    clearTimeout(timer);
    let modules: readonly TestModule[];
    if (outcome === 'timeout') {
      // Stop every worker. vitest's cancel waits for the run, which a stuck worker may hold up: don't
      // wait for it; files that finished keep their results, the others count as stopped.
      stoppedByTimeLimit = true;
      run.catch(() => undefined);
      vitest.cancelCurrentRun('keyboard-input').catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
      modules = vitest.state.getTestModules();
    } else {
      modules = outcome.testModules;
    }
    const next: string[] = [];
    for (const suiteFile of pending) {
      const file = files.get(suiteFile)!;
      file.attempts++;
      const module = modules.find((m) => m.moduleId === suiteFile);
      if (!module) {
        file.stopped = true;
        continue;
      }
      fileTaskIds.set(suiteFile, module.id);
      file.lastAttempt = attempt;
      file.tests = snapshotTests(module);
      file.loadErrors = module.errors() as SerializedErrorLike[];
      const diagnostic = module.diagnostic();
      file.timing = { setupMs: Math.round(diagnostic.setupDuration), collectMs: Math.round(diagnostic.collectDuration), testsMs: Math.round(diagnostic.duration) };
      const journal = readJournalOf(journalDir, suiteFile);
      const unfinished = file.tests.some((test) => test.state === 'pending');
      if (stoppedByTimeLimit && (unfinished || !journal?.done)) {
        file.stopped = true;
        continue;
      }
      const crashed = journal !== null && !journal.done && file.loadErrors.length === 0 && (unfinished || file.tests.length === 0);
      if (!crashed) continue;
      const cause = journal.cause;
      if (journal.diedLoading) {
        file.fileCrash = { while: 'loading', cause };
      } else if (journal.runningTaskId && file.attempts <= params.maxReruns) {
        file.culprits.set(journal.runningTaskId, cause);
        skipTaskIds.push(journal.runningTaskId);
        next.push(suiteFile);
      } else if (journal.runningTaskId) {
        file.culprits.set(journal.runningTaskId, cause);
        file.fileCrash = { while: 'gave-up', cause };
      } else {
        file.fileCrash = { while: 'between-checks', cause };
      }
    }
    if (stoppedByTimeLimit) break;
    pending = next;
    attempt++;
  }
  return { files, reruns: Math.max(0, attemptsRun - 1), fileTaskIds, stoppedByTimeLimit };
}
