// lessons/GLOSSARY.md's machine-checkable rules over every lesson and exercise README.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKoreanStyle } from '../korean-style.ts';
import { exercisesDir, lessonNames, lessonsDir } from '../readme-numbers.ts';

const root = join(lessonsDir, '..');
const files = [
  join(lessonsDir, 'README.md'),
  join(lessonsDir, 'GLOSSARY.md'),
  ...lessonNames().map((l) => join(lessonsDir, l, 'README.md')),
  ...readdirSync(exercisesDir).filter((e) => /^\d\d-/.test(e)).map((e) => join(exercisesDir, e, 'README.md')),
];

const rules = (md: string) => checkKoreanStyle(md).map((p) => p.rule);

describe('the Korean style checker', () => {
  it('finds particles spaced off Latin words, numbers, code spans, math and bold', () => {
    expect(rules('RNN 이 값을 바꾼다.')).toEqual(['spaced particle']);
    expect(rules('shape 를 본다')).toEqual(['spaced particle']);
    expect(rules('`h_n` 의 첫 축')).toEqual(['spaced particle']);
    expect(rules('$h_t$ 를 만든다')).toEqual(['spaced particle']);
    expect(rules('0.9999 로 굳는다')).toEqual(['spaced particle']);
    expect(rules('**맨 아래 층** 의 기울기')).toEqual(['spaced particle']);
    expect(rules('값은 3760 입니다.')).toEqual(['spaced particle']);
  });

  it('leaves attached particles, words that only start like a particle, code and comments alone', () => {
    expect(rules('RNN이 shape를 `h_n`의 $h_t$를 0.5로 바꾼다.')).toEqual([]);
    expect(rules('RNN 가장 앞에 두고, shape 이상으로 본다. 그리고 이 값은 크다')).toEqual([]); // 가장, 이상 and "이 값" are words
    expect(rules('```ts\nconst a = 1; // RNN 이\n```')).toEqual([]);
    expect(rules('`RNN 이`처럼 쓰지 않는다 <!-- RNN 이 -->')).toEqual([]);
    expect(rules('the output of an RNN is a tensor')).toEqual([]);
  });

  it('finds bold that GitHub cannot render and retired terms', () => {
    expect(rules('0은 **채움(padding)**도 겸한다')).toEqual(['broken bold', 'retired term']);
    expect(rules('**패딩(padding)도** 겸한다, **기울기**가 크다')).toEqual([]);
    expect(rules('한 걸음 거슬러 기울기 폭발')).toEqual(['retired term', 'retired term']);
    expect(checkKoreanStyle('기울기 폭발', { checkRetired: false })).toEqual([]);
  });
});

describe.each(files.map((f) => relative(root, f)))('%s', (file) => {
  it('follows lessons/GLOSSARY.md (attached particles, renderable bold, no retired terms)', () => {
    // the glossary names the retired terms in its table, so it is checked for the other rules only
    const problems = checkKoreanStyle(readFileSync(join(root, file), 'utf8'), { checkRetired: !file.endsWith('GLOSSARY.md') });
    expect(problems.map((p) => `${file}:${p.line} ${p.rule}: …${p.text}… → ${p.hint}`)).toEqual([]);
  });
});
