import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv, guardFormula } from './csv.ts';
import { mergeGradebooks } from './merge.ts';
import { parseShard, shardStudents, InputError } from './class.ts';

describe('gradebook CSV', () => {
  it('quotes commas, quotes and line breaks, and reads them back', () => {
    const rows = [['student', 'total'], ['kim, minji', 3], ['o"neil', 4], ['two\nlines', 5]];
    const text = formatCsv(rows);
    expect(text).toBe('student,total\r\n"kim, minji",3\r\n"o""neil",4\r\n"two\nlines",5\r\n');
    expect(parseCsv(text)).toEqual([['student', 'total'], ['kim, minji', '3'], ['o"neil', '4'], ['two\nlines', '5']]);
  });

  it('guards text that a spreadsheet would run as a formula, never numbers', () => {
    expect(formatCsv([['=HYPERLINK("x")', '+82', '-x', '@lee', 'ok', -1]])).toBe(`"'=HYPERLINK(""x"")",'+82,'-x,'@lee,ok,-1\r\n`);
    expect(guardFormula("'=x")).toBe("'=x"); // guarding twice changes nothing (merge rewrites cells)
  });

  it('rejects an unterminated quote', () => {
    expect(() => parseCsv('a,"b\r\n')).toThrow(/closing quote/);
  });
});

describe('shards', () => {
  it('split the sorted ids round robin, every student in exactly one shard', () => {
    const ids = ['d', 'a', 'c', 'b', 'e'];
    const parts = [1, 2].map((index) => shardStudents(ids, { index, count: 2 }));
    expect(parts).toEqual([['a', 'c', 'e'], ['b', 'd']]);
    expect(shardStudents(ids)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('parse k/n and refuse nonsense with what was given', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/2', '3/2', '1/0', 'a/b', '1']) expect(() => parseShard(bad)).toThrow(new RegExp(`got '${bad}'`));
  });

  it('merge into one gradebook sorted by student, with the union of exercise columns', () => {
    const one = formatCsv([['student', '01-a', 'total', 'max', 'percent', 'status'], ['zed', 3, 3, 5, 60, 'graded'], ['=x', 1, 1, 5, 20, 'late']]);
    const two = formatCsv([['student', '01-a', '02-b', 'total', 'max', 'percent', 'status'], ['amy', 2, 2, 4, 5, 80, 'could not grade (time limit, 600 s)']]);
    const { rows, students } = mergeGradebooks([{ name: 'one.csv', text: one }, { name: 'two.csv', text: two }]);
    expect(students).toBe(3);
    expect(parseCsv(formatCsv(rows))).toEqual([
      ['student', '01-a', '02-b', 'total', 'max', 'percent', 'status'],
      ["'=x", '1', '', '1', '5', '20', 'late'],
      ['amy', '2', '2', '4', '5', '80', 'could not grade (time limit, 600 s)'],
      ['zed', '3', '', '3', '5', '60', 'graded'],
    ]);
  });

  it('merge refuses overlapping shards and files that are not gradebooks', () => {
    const a = formatCsv([['student', 'total', 'max', 'percent', 'status'], ['amy', 1, 2, 50, 'graded']]);
    expect(() => mergeGradebooks([{ name: 'a.csv', text: a }, { name: 'b.csv', text: a }])).toThrow(/"amy" is in both 'a.csv' and 'b.csv'/);
    expect(() => mergeGradebooks([{ name: 'x.csv', text: 'name,score\r\n' }])).toThrow(InputError);
  });
});
