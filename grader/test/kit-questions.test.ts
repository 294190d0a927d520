// Concept questions: a wrong answer hears the idea it misses and where it is taught, never the answer.
import { describe, expect, it } from 'vitest';
import { CheckFailure, expectChoice, expectValueAnswer } from '../kit/index.ts';

const question = {
  name: 'whyDoesItSaturate',
  answer: 'b',
  misses: { a: 'tanh(0) = 0: the input decides', c: 'tanh keeps values in (-1, 1)', d: 'small weights never saturate' },
  lesson: 'lessons/02-rnn-cell §4',
};

function failureOf(action: () => void): CheckFailure {
  try {
    action();
  } catch (error) {
    if (error instanceof CheckFailure) return error;
    throw error;
  }
  throw new Error('expected a CheckFailure');
}

describe('expectChoice', () => {
  it('passes the right letter', () => {
    expect(() => expectChoice('b', question)).not.toThrow();
  });
  it('tells a wrong letter the idea it misses and the lesson, not the right letter', () => {
    const failure = failureOf(() => expectChoice('c', question));
    expect(failure.message).toContain('tanh keeps values in (-1, 1)');
    expect(failure.message).toContain('lessons/02-rnn-cell §4');
    expect(failure.message).not.toMatch(/'b'/);
  });
  it('names what came back when it is not a letter', () => {
    expect(failureOf(() => expectChoice('e', question)).message).toBe(`whyDoesItSaturate() should return one of 'a', 'b', 'c', 'd', got "e"`);
    expect(failureOf(() => expectChoice(undefined, question)).message).toContain('got undefined');
  });
  it('refuses a suite that leaves a wrong letter without an idea', () => {
    expect(() => expectChoice('a', { ...question, misses: { a: 'x' } })).toThrow(/missing: c, d/);
  });
});

describe('expectValueAnswer', () => {
  const value = { name: 'parameterCount', expected: 1344, idea: 'count W_ih, W_hh and both biases', lesson: 'lessons/03 §2' };
  it('passes the computed value and fails another without showing it', () => {
    expect(() => expectValueAnswer(1344, value)).not.toThrow();
    const failure = failureOf(() => expectValueAnswer(1280, value));
    expect(failure.message).toContain('1280 is not it');
    expect(failure.message).not.toContain('1344');
  });
  it('uses the tolerance and refuses non-numbers', () => {
    expect(() => expectValueAnswer(0.305, { ...value, expected: 0.3, atol: 0.01 })).not.toThrow();
    expect(failureOf(() => expectValueAnswer('1344', value)).message).toContain('should return a finite number, got "1344"');
    expect(failureOf(() => expectValueAnswer(NaN, value)).kind).toBe('type');
  });
});
