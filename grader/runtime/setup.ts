// vitest setup file run in every grading worker before the suite (and so before any submission
// code): it loads the kit while the built-ins are pristine, starts the watchdog, keeps a journal
// of progress the engine reads after a crash, and undoes side effects between checks.
import '../kit/index.ts';
import { beforeAll, beforeEach, afterEach, afterAll, inject, expect } from 'vitest';
import { appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { startWatchdog } from './watchdog.ts';
import { createGuard, trackTimers } from './guard.ts';
import { journalFileName, type JournalEvent } from './journal-format.ts';

const config = inject('graderRuntime');
const testPath = expect.getState().testPath ?? 'unknown';
const journalFile = `${config.journalDir}/${journalFileName(testPath, createHash)}`;
const skip = new Set(config.skipTaskIds);

function note(event: JournalEvent): void {
  appendFileSync(journalFile, event + '\n');
}

note(`load ${process.pid}`);
const watchdog = startWatchdog(journalFile, config.memoryLimitMb);
watchdog.arm(config.loadTimeoutMs);

// The IPC channel belongs to vitest (it kept its own reference); graded code gets no way to post fake results through it.
process.send = undefined;

const timers = trackTimers();
const guard = createGuard();
for (const modulePath of config.protectModules) {
  try {
    guard.watchModule(await import(/* @vite-ignore */ modulePath) as Record<string, unknown>);
  } catch {
    // A library that does not load is the suites' to report; there is nothing to protect then.
  }
}

beforeAll(() => {
  note('collected');
  watchdog.arm(config.hookTimeoutMs + config.graceMs);
});

beforeEach((context) => {
  if (skip.has(context.task.id)) {
    note(`skip ${context.task.id}`);
    context.skip('this check stopped the test process in an earlier attempt');
    return;
  }
  guard.restoreAll();
  timers.startCheck();
  note(`start ${context.task.id}`);
  watchdog.arm(context.task.timeout + config.graceMs);
});

afterEach((context) => {
  if (skip.has(context.task.id)) return;
  timers.clearLeftovers();
  guard.restoreAll();
  note(`end ${context.task.id}`);
  watchdog.arm(config.hookTimeoutMs + config.graceMs);
});

afterAll(() => {
  note('done');
  watchdog.disarm();
});
