// The shapes shared by the mutation tool's parts (grader/mutate/).

/** A change of one solution file: replace the text [start, end) by `replacement`. */
export interface Patch {
  /** Which mutator made it: a Stryker mutator name (e.g. 'EqualityOperator') or one of ours (NUMERIC_MUTATORS). */
  mutator: string;
  start: number;
  end: number;
  replacement: string;
}

export interface Mutant extends Patch {
  /** `<exercise id>:<file>:<n>`, unique in a run. */
  id: string;
  exerciseId: string;
  /** The file, relative to the exercise folder (e.g. 'train.ts'). */
  file: string;
  /** Where the change starts, 1-based. */
  line: number;
  column: number;
  /** The lines the change touches, as they were and as they become, each trimmed with runs of whitespace made one space: the mutant's identity (no line numbers, which move). */
  original: string;
  mutated: string;
}

/** What became of one mutant. */
export type MutantStatus =
  | 'killed'    // some grading seed gave less than full marks (a failed check, a throw, a timeout, a crash)
  | 'survived'  // full marks at every grading seed
  | 'invalid';  // the patched file does not parse (never graded, counted nowhere)

export interface MutantResult extends Mutant {
  status: MutantStatus;
  /** The seed that killed it, and the first check that failed there. */
  killedBy?: { seed: number; check: string; outcome: string; reason: string };
  /** Grading time, summed over the seeds it ran (ms). */
  ms: number;
}
