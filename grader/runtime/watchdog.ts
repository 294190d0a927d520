// A watchdog thread inside each test worker. vitest's own timeout cannot interrupt a synchronous
// endless loop (the worker's event loop never comes back), but a separate thread still runs: when
// the armed deadline passes, or the process grows past the memory limit, it notes why in the
// journal and kills its own process. The engine then re-runs the file without that check.
import { Worker } from 'node:worker_threads';

// Plain CommonJS run with eval: the thread needs no file access and no transform.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const state = workerData.state;
const started = workerData.started;
const journal = workerData.journal;
const memoryLimit = workerData.memoryLimitMb * 1024 * 1024;
const note = (line) => { try { fs.appendFileSync(journal, line + '\\n'); } catch {} };
for (;;) {
  const generation = Atomics.load(state, 0);
  Atomics.wait(state, 0, generation, 100);
  const rss = process.memoryUsage.rss();
  if (rss > memoryLimit) {
    note('watchdog memory ' + Math.round(rss / 1048576));
    process.kill(process.pid, 'SIGKILL');
  }
  const deadline = Atomics.load(state, 1);
  if (deadline > 0 && Date.now() - started > deadline && Atomics.load(state, 0) === generation) {
    note('watchdog timeout ' + Atomics.load(state, 2));
    process.kill(process.pid, 'SIGKILL');
  }
}
`;

export interface Watchdog {
  /** Kill the process unless disarmed or re-armed within `ms`. */
  arm(ms: number): void;
  disarm(): void;
}

export function startWatchdog(journalFile: string, memoryLimitMb: number): Watchdog {
  // [generation, deadline in ms since `started`, the limit that was armed in ms]
  const state = new Int32Array(new SharedArrayBuffer(12));
  const started = Date.now();
  const thread = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    workerData: { state, started, journal: journalFile, memoryLimitMb },
    stdout: true,
    stderr: true,
  });
  thread.unref();
  const bump = (): void => {
    Atomics.add(state, 0, 1);
    Atomics.notify(state, 0);
  };
  return {
    arm(ms) {
      Atomics.store(state, 1, Date.now() - started + ms);
      Atomics.store(state, 2, ms);
      bump();
    },
    disarm() {
      Atomics.store(state, 1, 0);
      bump();
    },
  };
}
