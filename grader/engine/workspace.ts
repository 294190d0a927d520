// A scratch directory per grading run: a copy of the submission (graded code never runs from, or
// writes into, the learner's tree), links to the course's lib/ and node_modules/ so relative
// imports resolve to the pristine library, and folders for journals and vitest's temp files.
import { accessSync, constants, cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, existsSync, statSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';

export interface Workspace {
  root: string;
  /** The copy of the submission: <root>/work/exercises. */
  submissionCopy: string;
  /** Written by test workers (journals, snapshots, their TMPDIR). */
  scratch: string;
  /** TMPDIR of the vitest process: where it writes transformed modules workers read. */
  viteTmp: string;
  journalDir(attempt: number): string;
  dispose(): void;
}

/** Files the copy skips: dependencies, VCS data, and anything too large to be an exercise file. */
const SKIPPED_NAMES = new Set(['node_modules', '.git', '.grade']);
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Memory-backed /dev/shm when it has room: vitest writes every transformed module there and workers read them back. */
function scratchBase(): string {
  if (process.env.GRADE_TMPDIR) return process.env.GRADE_TMPDIR;
  try {
    if (process.platform === 'linux') {
      accessSync('/dev/shm', constants.W_OK);
      const stats = statfsSync('/dev/shm');
      if (stats.bavail * stats.bsize > 512 * 1024 * 1024) return '/dev/shm';
    }
  } catch {
    // No usable /dev/shm: the ordinary temp directory will do.
  }
  return tmpdir();
}

/** Workspaces older than this were left by a grader that was killed; no run lives this long. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

function removeStaleWorkspaces(base: string): void {
  try {
    for (const name of readdirSync(base)) {
      if (!name.startsWith('rnn-grade-')) continue;
      const dir = join(base, name);
      if (Date.now() - statSync(dir).mtimeMs > STALE_AFTER_MS) rmSync(dir, { recursive: true, force: true });
    }
  } catch {
    // Someone else's files, or a race with another grader: leave them.
  }
}

export function createWorkspace(submissionDir: string, courseRoot: string): Workspace {
  const base = scratchBase();
  removeStaleWorkspaces(base);
  const root = realpathSync(mkdtempSync(join(base, 'rnn-grade-')));
  // Ctrl-C ends the CLI through process.exit (see cli.ts), which runs this.
  const removeOnExit = () => rmSync(root, { recursive: true, force: true });
  process.once('exit', removeOnExit);
  const work = join(root, 'work');
  const submissionCopy = join(work, 'exercises');
  mkdirSync(work, { recursive: true });
  cpSync(submissionDir, submissionCopy, {
    recursive: true,
    dereference: true,
    filter: (source) => {
      if (SKIPPED_NAMES.has(basename(source))) return false;
      const stats = statSync(source);
      return stats.isDirectory() || stats.size <= MAX_FILE_BYTES;
    },
  });
  // `../../lib/index.ts` from an exercise file lands on the course's library, whatever the submission shipped.
  const lib = join(courseRoot, 'lib');
  // Junctions need no special rights on Windows; elsewhere the type is ignored.
  if (existsSync(lib)) symlinkSync(realpathSync(lib), join(work, 'lib'), 'junction');
  const modules = join(courseRoot, 'node_modules');
  if (existsSync(modules)) symlinkSync(realpathSync(modules), join(work, 'node_modules'), 'junction');
  const scratch = join(root, 'scratch');
  const viteTmp = join(root, 'vite-tmp');
  mkdirSync(join(scratch, 'tmp'), { recursive: true });
  mkdirSync(viteTmp, { recursive: true });
  return {
    root,
    submissionCopy,
    scratch,
    viteTmp,
    journalDir(attempt) {
      const dir = join(scratch, `journal-${attempt}`);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    dispose() {
      process.removeListener('exit', removeOnExit);
      removeOnExit();
    },
  };
}
