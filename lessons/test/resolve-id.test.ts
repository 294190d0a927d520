// The one id lookup behind `npm run lesson`, `npm run ex` (and the grader): number first, then name.
import { describe, expect, it } from 'vitest';
import { resolveId } from '../../scripts/course/resolve-id.ts';
import { lessonNames } from '../readme-numbers.ts';

const exercises = ['01-rnn-cell', '02-hidden-shapes', '04-sine-prediction', '10-lstm-gru', '11-char-generation'];

describe('resolveId', () => {
  it('reads a number as a zero-padded prefix, even where the digits also occur inside other names', () => {
    expect(resolveId('1', lessonNames(), 'lesson')).toEqual({ ok: true, id: '01-sequences-and-problem-shapes' });
    expect(resolveId('01', lessonNames(), 'lesson')).toEqual({ ok: true, id: '01-sequences-and-problem-shapes' });
    expect(resolveId('11', lessonNames(), 'lesson')).toEqual({ ok: true, id: '11-lstm-gru' });
    expect(resolveId('4', exercises)).toEqual({ ok: true, id: '04-sine-prediction' });
  });

  it('falls back to a part of the name, case-insensitively', () => {
    expect(resolveId('sine', exercises)).toEqual({ ok: true, id: '04-sine-prediction' });
    expect(resolveId('LSTM', lessonNames())).toEqual({ ok: true, id: '11-lstm-gru' });
    expect(resolveId('02-hidden-shapes', exercises)).toEqual({ ok: true, id: '02-hidden-shapes' });
  });

  it('names the candidates when a query is ambiguous or matches nothing', () => {
    const several = resolveId('rnn', lessonNames(), 'lesson');
    expect(several.ok).toBe(false);
    if (!several.ok) {
      expect(several.candidates).toEqual(['02-rnn-cell', '03-nn-rnn-shapes', '07-charrnn-bidirectional']);
      expect(several.message).toMatch(/matches several lessons: 02-rnn-cell, 03-nn-rnn-shapes, 07-charrnn-bidirectional/);
    }
    const none = resolveId('99', exercises, 'exercise');
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.message).toBe(`No exercise matches "99". Available: ${exercises.join(', ')}`);
  });
});
