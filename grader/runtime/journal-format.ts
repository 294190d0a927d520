// The journal each grading worker appends to, one event per line. Shared by the runtime (writer)
// and the engine (reader); kept free of imports so both sides can load it.

/**
 * load <pid> | collected | start <taskId> | end <taskId> | skip <taskId> | done
 * | watchdog timeout <ms> | watchdog memory <mb>
 */
export type JournalEvent = string;

type HashFactory = (algorithm: string) => { update(text: string): { digest(encoding: 'hex'): string } };

/** One journal file per test file, named by a hash of its path. */
export function journalFileName(testPath: string, createHash: HashFactory): string {
  return `${createHash('sha1').update(testPath).digest('hex').slice(0, 16)}.log`;
}

export type CrashCause =
  | { kind: 'timeout'; limitMs: number }
  | { kind: 'memory'; usedMb: number }
  | { kind: 'died' };

export interface JournalSummary {
  pid: number | null;
  /** The file was still loading (collecting its tests) when the process stopped. */
  diedLoading: boolean;
  /** The test that was running when the process stopped, if any. */
  runningTaskId: string | null;
  /** Tests that finished (their results may still have been lost with the process). */
  finished: Set<string>;
  /** The file reached its end. */
  done: boolean;
  cause: CrashCause;
}

export function readJournal(text: string): JournalSummary {
  const summary: JournalSummary = {
    pid: null, diedLoading: false, runningTaskId: null, finished: new Set(), done: false, cause: { kind: 'died' },
  };
  let loading = false;
  for (const line of text.split('\n')) {
    const [word, arg, extra] = line.trim().split(' ');
    if (word === 'load') { loading = true; summary.pid = Number(arg) || null; }
    else if (word === 'collected') loading = false;
    else if (word === 'start') summary.runningTaskId = arg ?? null;
    else if (word === 'end') { summary.finished.add(arg ?? ''); summary.runningTaskId = null; }
    else if (word === 'done') summary.done = true;
    else if (word === 'watchdog' && arg === 'timeout') summary.cause = { kind: 'timeout', limitMs: Number(extra) || 0 };
    else if (word === 'watchdog' && arg === 'memory') summary.cause = { kind: 'memory', usedMb: Number(extra) || 0 };
  }
  summary.diedLoading = loading;
  return summary;
}
