// lessons/GLOSSARY.md's machine-checkable rules over every lesson and exercise README, and over the Korean comments
// of the reference solutions and the starter files generated from them.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKoreanComments, checkKoreanStyle, commentLines } from '../korean-style.ts';
import { exercisesDir, lessonNames, lessonsDir } from '../readme-numbers.ts';

const root = join(lessonsDir, '..');
const files = [
  join(lessonsDir, 'README.md'),
  join(lessonsDir, 'GLOSSARY.md'),
  ...lessonNames().map((l) => join(lessonsDir, l, 'README.md')),
  ...readdirSync(exercisesDir).filter((e) => /^\d\d-/.test(e)).map((e) => join(exercisesDir, e, 'README.md')),
];

// every .ts file of solutions/NN-*/ and exercises/NN-*/ (exercises/ is generated from solutions/ by `npm run starters`)
const solutionsDir = join(root, 'solutions');
const codeFiles = [solutionsDir, exercisesDir].flatMap((top) =>
  readdirSync(top)
    .filter((e) => /^\d\d-/.test(e))
    .flatMap((e) => readdirSync(join(top, e)).filter((f) => f.endsWith('.ts')).map((f) => join(top, e, f))),
);

const rules = (md: string) => checkKoreanStyle(md).map((p) => p.rule);
const commentRules = (ts: string) => checkKoreanComments(ts).map((p) => p.rule);

describe('the Korean style checker', () => {
  it('finds particles spaced off Latin words, numbers, code spans, math and bold', () => {
    expect(rules('RNN 이 값을 바꾼다.')).toEqual(['spaced particle']);
    expect(rules('shape 를 본다')).toEqual(['spaced particle']);
    expect(rules('`h_n` 의 첫 축')).toEqual(['spaced particle']);
    expect(rules('$h_t$ 를 만든다')).toEqual(['spaced particle']);
    expect(rules('0.9999 로 굳는다')).toEqual(['spaced particle']);
    expect(rules('**맨 아래 층** 의 기울기')).toEqual(['spaced particle']);
    expect(rules('값은 3760 입니다.')).toEqual(['spaced particle']);
    expect(rules('{ before, after } 를 돌려주세요')).toEqual(['spaced particle']);
    expect(rules('batchFirst 인 nn.RNN, dim 1 이어야 합니다')).toEqual(['spaced particle', 'spaced particle']);
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

describe('the Korean comment checker', () => {
  it('reads line and block comments, JSDoc included, and nothing else', () => {
    const source = [
      "const a = 'RNN 이'; // inputs 의 행",
      '/** h_t 를 돌려줍니다.',
      ' * 그리고 `h_n` 의 모양 */',
      'const b = `${a} 를 ${"x"} 이` + c / 2; /* RNN 이 */',
    ].join('\n');
    expect(commentLines(source).map((l) => l.trim())).toEqual(['inputs 의 행', 'h_t 를 돌려줍니다.', '그리고 `h_n` 의 모양', 'RNN 이']);
    expect(checkKoreanComments(source).map((p) => p.line)).toEqual([1, 2, 3, 4]);
  });

  it('leaves strings, template literals, regular expressions and code alone', () => {
    expect(commentRules("throw new Error(`${name} 를 찾지 못했습니다`); // 이름을 찾는다")).toEqual([]);
    expect(commentRules("const re = /RNN 이/g; const s = \"// RNN 이\"; // 정규식과 문자열")).toEqual([]);
    expect(commentRules("const x = a / b; const y = c / d; // 나눗셈 두 번, h_t를 쓴다")).toEqual([]);
    expect(commentRules("const t = `${f({ a: '}' })} 을`; // 중괄호가 든 템플릿")).toEqual([]);
  });

  it('lexes a `//>` starter line as the code it becomes, keeping its own comments', () => {
    expect(commentRules("//> return todo('RNN 이'); // 시작 파일")).toEqual([]);
    expect(commentRules('//> // TODO: rnnStep 을 부르세요')).toEqual(['spaced particle']);
    expect(commentRules('//> /**\n//>  * RNN 이 */')).toEqual(['spaced particle']);
  });

  it('finds retired terms in comments', () => {
    expect(commentRules('// 기울기 폭발을 막는다')).toEqual(['retired term']);
    expect(commentRules("console.log('100 타임 스텝');")).toEqual([]);
  });
});

describe.each(files.map((f) => relative(root, f)))('%s', (file) => {
  it('follows lessons/GLOSSARY.md (attached particles, renderable bold, no retired terms)', () => {
    // the glossary names the retired terms in its table, so it is checked for the other rules only
    const problems = checkKoreanStyle(readFileSync(join(root, file), 'utf8'), { checkRetired: !file.endsWith('GLOSSARY.md') });
    expect(problems.map((p) => `${file}:${p.line} ${p.rule}: …${p.text}… → ${p.hint}`)).toEqual([]);
  });
});

describe.each(codeFiles.map((f) => relative(root, f)))('%s', (file) => {
  it('has Korean comments that follow lessons/GLOSSARY.md (attached particles, no retired terms)', () => {
    const problems = checkKoreanComments(readFileSync(join(root, file), 'utf8'));
    expect(problems.map((p) => `${file}:${p.line} ${p.rule}: …${p.text}… → ${p.hint}`)).toEqual([]);
  });
});
