// Survivor classification (grader/mutate/survivors.ts): classified vs new vs stale, matching by file +
// lines + mutator and never by line number, the file's validation, and --write-survivors' appending.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { appendUnclassified, classify, loadSurvivors, SurvivorsFileError, type SurvivorEntry } from '../mutate/survivors.ts';
import type { MutantResult, MutantStatus } from '../mutate/types.ts';

let counter = 0;
function result(status: MutantStatus, original: string, mutated: string, { file = 'train.ts', mutator = 'ArithmeticOperator', line = 10 } = {}): MutantResult {
  counter++;
  return { id: `04:${file}:${counter}`, exerciseId: '04', file, mutator, line, column: 3, start: 0, end: 1, replacement: '-', original, mutated, status, ms: 1 };
}

const entry = (original: string, replacement: string, fields: Partial<SurvivorEntry> = {}): SurvivorEntry =>
  ({ file: 'train.ts', mutator: 'ArithmeticOperator', original, replacement, class: 'equivalent', why: 'x - 0 is x', ...fields });

describe('classifying survivors', () => {
  test('a matching entry classifies a survivor; one without an entry is new; killed mutants are never survivors', () => {
    const survivor = result('survived', 'return x + 0;', 'return x - 0;', { line: 40 });
    const fresh = result('survived', 'total += loss;', 'total -= loss;');
    const killed = result('killed', 'return x * 2;', 'return x / 2;');
    // The entry was written when the line was line 12: line numbers play no part.
    const sorted = classify([survivor, fresh, killed], [entry('return x + 0;', 'return x - 0;')]);
    expect(sorted.classified.map(({ mutant }) => mutant.id)).toEqual([survivor.id]);
    expect(sorted.unclassified.map(({ mutant }) => mutant.id)).toEqual([fresh.id]);
    expect(sorted.stale).toEqual([]);
  });

  test('matching ignores comments and spacing, and needs the same file and (when given) the same mutator', () => {
    const survivor = result('survived', 'return x + 0;', 'return x - 0;');
    expect(classify([survivor], [entry('return   x + 0; // zero', 'return x - 0;', { mutator: undefined })]).classified).toHaveLength(1);
    expect(classify([survivor], [entry('return x + 0;', 'return x - 0;', { file: 'model.ts' })]).unclassified).toHaveLength(1);
    expect(classify([survivor], [entry('return x + 0;', 'return x - 0;', { mutator: 'NumberLiteral' })]).unclassified).toHaveLength(1);
  });

  test('an entry of class unclassified still leaves its survivor unclassified', () => {
    const survivor = result('survived', 'return x + 0;', 'return x - 0;');
    const sorted = classify([survivor], [entry('return x + 0;', 'return x - 0;', { class: 'unclassified', why: '' })]);
    expect(sorted.classified).toEqual([]);
    expect(sorted.unclassified).toMatchObject([{ mutant: { id: survivor.id }, entry: { class: 'unclassified' } }]);
  });

  test('stale entries: one that matches no mutant, one whose mutant is killed now', () => {
    const killed = result('killed', 'return x + 0;', 'return x - 0;');
    const sorted = classify([killed], [entry('return x + 0;', 'return x - 0;'), entry('gone();', '')]);
    expect(sorted.stale.map(({ entry: e, reason }) => [e.original, reason])).toEqual([
      ['return x + 0;', 'its mutant is killed now'],
      ['gone();', 'matches no mutant'],
    ]);
  });
});

describe('the survivors file', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'rnn-survivors-'));

  test('a missing file has no entries; a malformed one is refused with what is wrong', () => {
    const folder = dir();
    try {
      expect(loadSurvivors(join(folder, 'none.json'))).toEqual([]);
      const bad = (content: string) => {
        writeFileSync(join(folder, 'bad.json'), content);
        return () => loadSurvivors(join(folder, 'bad.json'));
      };
      expect(bad('{')).toThrow(SurvivorsFileError);
      expect(bad('{}')).toThrow(/expected a JSON list/);
      expect(bad(JSON.stringify([{ ...entry('a', 'b'), class: 'fine' }]))).toThrow(/"class" must be one of equivalent, given, message, unclassified/);
      expect(bad(JSON.stringify([{ ...entry('a', 'b'), why: ' ' }]))).toThrow(/entry 1: "why" must say why/);
      expect(bad(JSON.stringify([{ ...entry('a', 'b'), original: 3 }]))).toThrow(/"original" must be a string/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('--write-survivors appends each new survivor once, as unclassified, keeping what is there', () => {
    const folder = dir();
    try {
      const file = join(folder, '04.survivors.json');
      writeFileSync(file, JSON.stringify([entry('return x + 0;', 'return x - 0;')]));
      const known = result('survived', 'return x + 0;', 'return x - 0;');
      const fresh = result('survived', 'total += loss;', 'total -= loss;');
      const twin = result('survived', 'total += loss;', 'total -= loss;', { line: 99 });
      expect(appendUnclassified(file, [known, fresh, twin])).toBe(1);
      expect(appendUnclassified(file, [known, fresh])).toBe(0);
      const entries = loadSurvivors(file);
      expect(entries.map((e) => [e.original, e.class])).toEqual([['return x + 0;', 'equivalent'], ['total += loss;', 'unclassified']]);
      expect(JSON.parse(readFileSync(file, 'utf8'))[1]).toEqual({
        file: 'train.ts', mutator: 'ArithmeticOperator', original: 'total += loss;', replacement: 'total -= loss;', class: 'unclassified', why: '',
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
