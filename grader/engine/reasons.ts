// Turning the errors vitest serialized in a worker into a one-line reason (plus details) that a
// learner can act on: "not started — implement `rnnStep` in exercises/01-rnn-cell/cell.ts"
// rather than a stack trace.
import type { CheckOutcome, Visibility } from './types.ts';
import { oneLine, safeLines, stripControl, type PathMapper } from './text.ts';

/** The fields of vitest's serialized error the grader reads. */
export interface SerializedErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  kind?: unknown;
  code?: unknown;
  resource?: unknown;
  permission?: unknown;
}

export interface Reason {
  outcome: CheckOutcome;
  reason: string;
  details: string[];
}

export interface ReasonContext {
  visibility: Visibility;
  paths: PathMapper;
  /** Absolute path of the submission copy, to find the learner's frame in a stack. */
  submissionCopy: string;
  /** "exercises" or the label of the graded directory, for fallbacks. */
  submissionLabel: string;
  exerciseId: string;
}

const MISSING_FILE = /Cannot find (?:package|module) '@submission\/([^']+)'|Failed to load url @submission\/(\S+)/;
const NOT_IMPLEMENTED = /Not implemented yet: (.*?)(?: \(아직 구현하지 않았습니다\))?$/m;
const PATH_IN_STACK = /((?:file:\/\/)?\/[^\s():'"]+):(\d+):(\d+)/g;

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** The first stack frame inside the submission copy, as "exercises/04-x/model.ts:12:5". */
export function submissionFrame(stack: string, context: Pick<ReasonContext, 'paths' | 'submissionCopy'>): string | null {
  for (const match of stack.matchAll(PATH_IN_STACK)) {
    const file = match[1].replace(/^file:\/\//, '');
    if (file.startsWith(context.submissionCopy + '/')) return context.paths.map(`${file}:${match[2]}:${match[3]}`);
  }
  return null;
}

export function isNotImplemented(error: SerializedErrorLike): boolean {
  return text(error.name) === 'NotImplementedError' || NOT_IMPLEMENTED.test(text(error.message));
}

function notStarted(error: SerializedErrorLike, context: ReasonContext): Reason {
  const what = NOT_IMPLEMENTED.exec(text(error.message))?.[1]?.trim() || 'the missing parts';
  const frame = submissionFrame(text(error.stack), context);
  const file = frame ? frame.replace(/:\d+:\d+$/, '') : `${context.submissionLabel}/${context.exerciseId}/`;
  return { outcome: 'not-started', reason: `not started — implement \`${oneLine(what, 80)}\` in ${file}`, details: [] };
}

/** "the exercise file is missing: exercises/04-x/model.ts" when an @submission import found no file. */
function missingFile(message: string, context: ReasonContext): Reason | null {
  const match = MISSING_FILE.exec(message);
  if (!match) return null;
  return { outcome: 'load-error', reason: oneLine(`the exercise file is missing: ${context.submissionLabel}/${match[1] ?? match[2]}`), details: [] };
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** The reason for a check whose first error is `error`. */
export function reasonFromError(error: SerializedErrorLike | undefined, context: ReasonContext): Reason {
  if (!error) return { outcome: 'failed', reason: 'failed without an error message', details: [] };
  const name = text(error.name);
  const message = context.paths.map(text(error.message));
  const firstLine = message.split('\n')[0] ?? '';
  const rest = message.split('\n').slice(1).join('\n');
  if (isNotImplemented(error)) return notStarted(error, context);
  const missing = missingFile(message, context);
  if (missing) return missing;
  if (name === 'CheckFailure') {
    // The kit words these for the learner and keeps hidden checks free of expected values.
    const outcome: CheckOutcome = text(error.kind) === 'load-error' ? 'load-error' : 'failed';
    return { outcome, reason: oneLine(firstLine), details: safeLines(rest) };
  }
  const timedOut = /^Test timed out in (\d+)ms/.exec(firstLine);
  if (timedOut) {
    return { outcome: 'timeout', reason: `did not finish within ${seconds(Number(timedOut[1]))} (too slow, or waiting on a promise that never settles)`, details: [] };
  }
  if (/process\.exit unexpectedly called/.test(firstLine)) {
    return { outcome: 'failed', reason: 'called process.exit(), which graded code may not do', details: [] };
  }
  if (text(error.code) === 'ERR_ACCESS_DENIED') {
    // Node's permission model says which permission was missing: FileSystemRead, FileSystemWrite, ChildProcess, Worker.
    const permission = text(error.permission);
    const resource = error.resource ? ` (${context.paths.map(text(error.resource))})` : '';
    const what = permission.startsWith('FileSystem')
      ? `tried to ${permission === 'FileSystemWrite' ? 'write' : 'read'} a file outside its own folder`
      : permission === 'ChildProcess' ? 'tried to start a child process' : 'tried to use an API';
    return { outcome: 'failed', reason: oneLine(`${what}, which grading blocks${resource}`), details: [] };
  }
  if (name === '' && !error.stack) {
    return { outcome: 'failed', reason: oneLine(`threw a value that is not an Error: ${firstLine}`), details: [] };
  }
  if (/AssertionError/.test(name)) {
    if (context.visibility === 'hidden') {
      return { outcome: 'failed', reason: 'an assertion failed (details are not shown in hidden checks)', details: [] };
    }
    return { outcome: 'failed', reason: oneLine(firstLine), details: safeLines(rest) };
  }
  const frame = submissionFrame(text(error.stack), context);
  const where = frame ? ` (at ${frame})` : '';
  return { outcome: 'failed', reason: oneLine(`${name || 'Error'}: ${firstLine}`, 260) + where, details: [] };
}

/** The reason every check of a file gets when the file itself did not load. */
export function loadFailureReason(error: SerializedErrorLike | undefined, context: ReasonContext): Reason {
  if (error && isNotImplemented(error)) return notStarted(error, context);
  const name = text(error?.name);
  const message = stripControl(context.paths.map(text(error?.message)));
  const missing = missingFile(message, context);
  if (missing) return missing;
  // esbuild: "Transform failed with 1 error:\n<file>:12:4: ERROR: Expected ';' but found 'x'"
  const esbuild = /(\S+\.[cm]?[jt]sx?):(\d+):(\d+): ERROR: (.*)/.exec(message);
  if (esbuild) {
    return { outcome: 'load-error', reason: oneLine(`the exercise file failed to load: SyntaxError: ${esbuild[4]} at ${esbuild[1]}:${esbuild[2]}`), details: [] };
  }
  const frame = error ? submissionFrame(text(error.stack), context) : null;
  const where = frame ? ` at ${frame}` : '';
  const summary = message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
  return { outcome: 'load-error', reason: oneLine(`the exercise file failed to load: ${name && name !== 'Error' ? name + ': ' : ''}${summary}${where}`), details: [] };
}
