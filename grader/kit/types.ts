// Types shared by the kit (inside the test workers) and the engine (in the grading process).

/** Visible checks show expected against got; hidden checks run on seeded inputs and never reveal expected values. */
export type Visibility = 'visible' | 'hidden';

/** What the runtime inside each test worker needs to know, sent with vitest's provide/inject. */
export interface RuntimeConfig {
  /** Directory where each test file appends its progress journal (read by the engine after a crash). */
  journalDir: string;
  /** Test ids not to run again: the checks that already killed their worker once. */
  skipTaskIds: string[];
  /** How long loading a test file (and the submission it imports) may take, in ms. */
  loadTimeoutMs: number;
  /** How long a hook (beforeAll, afterAll) may take, in ms. */
  hookTimeoutMs: number;
  /** Extra time the watchdog grants past a check's own timeout before it kills the worker, in ms. */
  graceMs: number;
  /** Resident memory (MB) above which the watchdog kills the worker. */
  memoryLimitMb: number;
  /** Modules whose exported classes and functions are restored after every check (the course library). */
  protectModules: string[];
}

declare module 'vitest' {
  interface TaskMeta {
    /** Points this check is worth (default 1). */
    points?: number;
    /** 'visible' (default) or 'hidden'. */
    visibility?: Visibility;
    /** One line that points the learner in the right direction when the check fails. */
    hint?: string;
  }
  interface ProvidedContext {
    gradingSeed: number;
    graderRuntime: RuntimeConfig;
  }
}
