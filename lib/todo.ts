// The marker a starter file throws where the learner still has to write code. The grader
// recognises it and reports the check as "not started" instead of showing a stack trace.
export class NotImplementedError extends Error {
  constructor(what: string) {
    super(`Not implemented yet: ${what} (아직 구현하지 않았습니다)`);
    this.name = 'NotImplementedError';
  }
}

/** Throws NotImplementedError; a starter calls it in every part the learner must write. */
export function todo(what: string): never {
  throw new NotImplementedError(what);
}
