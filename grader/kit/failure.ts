import { ErrorClass } from './intrinsics.ts';

/** What went wrong in a check, so the grader can word and colour it. */
export type FailureKind =
  | 'mismatch' | 'shape' | 'nonfinite' | 'type' | 'assertion'
  // Raised by run() from what happened in the submission's process:
  | 'not-started' | 'load-error' | 'threw' | 'timeout' | 'crashed' | 'could-not-grade';

/**
 * The error every kit assertion throws. Its message is written for the learner and is safe to
 * show for hidden checks (the kit leaves expected values out there); the first line is the
 * one-line reason, further lines are details.
 */
export class CheckFailure extends ErrorClass {
  readonly kind: FailureKind;
  constructor(kind: FailureKind, message: string) {
    super(message);
    this.name = 'CheckFailure';
    this.kind = kind;
  }
}

/** Fails the current check with a message of the suite author's choosing (keep it free of expected values in hidden checks). */
export function fail(message: string): never {
  throw new CheckFailure('assertion', message);
}
