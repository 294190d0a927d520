import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exerciseRows, main, readTests, scoreTable } from './release-template/grade-summary.ts';

const test = (name: string, score: number, max: number, output = '', tag = name.split(' › ')[0]) => ({
  name,
  score,
  max_score: max,
  status: score >= max ? 'passed' : 'failed',
  output,
  tags: [tag],
});

const results = {
  score: 4,
  max_score: 9,
  tests: [
    test('01-a › f › one', 2, 2),
    test('01-a › f › two', 1, 1),
    test('02-b › g › shape', 0, 3, '`h`: shape mismatch: expected [2], got [2 | 1]\nsecond line'),
    test('02-b › g › value', 1, 1),
    test('03-c › h › one', 0, 2, 'not started — implement `h` in exercises/03-c/h.ts'),
  ],
};

afterEach(() => vi.restoreAllMocks());

describe('grade summary', () => {
  it('sums points per exercise and tells done, partly done and not started apart', () => {
    expect(exerciseRows(readTests(results))).toEqual([
      { id: '01-a', points: 3, maxPoints: 3, checks: 2, passed: 2, state: 'done' },
      { id: '02-b', points: 1, maxPoints: 4, checks: 2, passed: 1, state: 'partly done' },
      { id: '03-c', points: 0, maxPoints: 2, checks: 1, passed: 0, state: 'not started' },
    ]);
  });

  it('writes a Markdown table with the total and the failing checks, escaping pipes', () => {
    const table = scoreTable(results);
    expect(table).toContain('| 01-a | 3 / 3 | 2 / 2 | ✅ done |');
    expect(table).toContain('| 02-b | 1 / 4 | 1 / 2 | 🟡 partly done |');
    expect(table).toContain('| 03-c | 0 / 2 | 0 / 1 | ⬜ not started |');
    expect(table).toContain('| **total** | **4 / 9** | | **44.4 %** |');
    expect(table).toContain('| 02-b › g › shape | 0 / 3 | `h`: shape mismatch: expected [2], got [2 \\| 1] |');
    expect(table).not.toContain('second line');
    expect(table).not.toMatch(/03-c › h › one \|/); // not started is not "to fix"
  });

  it('rejects a file without the fields it needs, saying what it expected', () => {
    expect(() => readTests([])).toThrow(/expected an object with a "tests" array, got an array/);
    expect(() => readTests({ score: 1 })).toThrow(/expected a "tests" array, got no "tests"/);
    expect(() => readTests({ tests: [{ name: 'x', score: '1', max_score: 1 }] })).toThrow(/tests\[0\] needs a "name" string and numeric "score"/);
  });

  it('reports a missing results.json in the summary without failing, and a broken one with exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'summary-test-'));
    try {
      const out: string[] = [];
      const err: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
      vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
      expect(main([join(dir, 'results.json')])).toBe(0);
      expect(out.join('\n')).toContain('the grader did not finish');
      writeFileSync(join(dir, 'bad.json'), '{"tests": 3}');
      expect(main([join(dir, 'bad.json')])).toBe(1);
      expect(err.join('\n')).toContain('expected a "tests" array, got number');
      writeFileSync(join(dir, 'good.json'), JSON.stringify(results));
      expect(main([join(dir, 'good.json')])).toBe(0);
      expect(out.join('\n')).toContain('**4 / 9**');
      expect(main([])).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
