// Concept questions, judged the same way in every suite. A wrong answer is told the idea it misses
// and the lesson section to reread — never the right choice or the right value, so that trying every
// letter against the grader teaches something and a printed failure gives nothing away.
import { CheckFailure } from './failure.ts';
import { kindOf } from './values.ts';

export interface ChoiceQuestion {
  /** The function of questions.ts, e.g. 'whyDoesItSaturate'. */
  name: string;
  /** The right letter. */
  answer: string;
  /**
   * For each wrong letter, the idea the learner misses with it (one sentence, no code,
   * never the right letter; English like the rest of the grader output). Every letter of `choices` other than `answer` needs one.
   */
  misses: Record<string, string>;
  /** Where the idea is taught, e.g. 'lessons/02-rnn-cell §3 (포화)'. */
  lesson: string;
  /** The letters offered (default a–d). */
  choices?: readonly string[];
}

export interface ValueQuestion {
  /** The function of questions.ts, e.g. 'parameterCount'. */
  name: string;
  /** The value computed by the judge. */
  expected: number;
  /** What the number is and how it is reached, in words (one sentence; never the value). */
  idea: string;
  /** Where the idea is taught. */
  lesson: string;
  /** Absolute tolerance (default 0: integers must match exactly). */
  atol?: number;
  /** Relative tolerance (default 0). */
  rtol?: number;
}

/** A short, safe description of what the submission returned (its own value, so showing it leaks nothing). */
function shown(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined) return String(value);
  return kindOf(value, false);
}

/** Passes when `got` is the right letter; otherwise fails with the idea the given letter misses. */
export function expectChoice(got: unknown, question: ChoiceQuestion): void {
  const choices = question.choices ?? ['a', 'b', 'c', 'd'];
  const wrong = choices.filter((letter) => letter !== question.answer);
  const missing = wrong.filter((letter) => !question.misses[letter]);
  if (!choices.includes(question.answer) || missing.length > 0) {
    throw new Error(`expectChoice(${question.name}): the suite must give an idea for every wrong letter (missing: ${missing.join(', ') || 'the answer is not a choice'})`);
  }
  const list = choices.map((letter) => `'${letter}'`).join(', ');
  if (typeof got !== 'string' || !choices.includes(got)) {
    throw new CheckFailure('type', `${question.name}() should return one of ${list}, got ${shown(got)}`);
  }
  if (got !== question.answer) {
    throw new CheckFailure('assertion', `${question.name}(): '${got}' misses this: ${question.misses[got]} (see ${question.lesson})`);
  }
}

/** Passes when `got` is the value the judge computed; otherwise says what the number is, never what it should be. */
export function expectValueAnswer(got: unknown, question: ValueQuestion): void {
  if (typeof got !== 'number' || !Number.isFinite(got)) {
    throw new CheckFailure('type', `${question.name}() should return a finite number, got ${shown(got)}`);
  }
  const tolerance = (question.atol ?? 0) + (question.rtol ?? 0) * Math.abs(question.expected);
  if (!(Math.abs(got - question.expected) <= tolerance)) {
    throw new CheckFailure('assertion', `${question.name}(): ${got} is not it. ${question.idea} (see ${question.lesson})`);
  }
}
