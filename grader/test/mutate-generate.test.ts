// Mutant generation (grader/mutate/): our numeric mutators on small sources, the restriction to the
// learner's regions (no starter or given lines, no error-message text), and patches that apply and
// leave valid TypeScript. Nothing here grades anything.
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { mutantsOfText, applyPatch, normalizeCode } from '../mutate/mutants.ts';
import { numberReplacements, numericPatches } from '../mutate/numeric-mutants.ts';
import { learnerRegions, parseSource } from '../mutate/regions.ts';
import { starterFromSolution } from '../../scripts/course/markers.ts';
import { COURSE_ROOT } from '../run.ts';
import type { Mutant } from '../mutate/types.ts';

/** A solution file whose whole body is the learner's. */
const learner = (body: string) => `export function f(x: any, optimizer: any): any {\n  // BEGIN SOLUTION\n${body}\n  // END SOLUTION\n}\n`;

async function mutantsOf(text: string): Promise<Mutant[]> {
  const { mutants, invalid } = await mutantsOfText(text, 'f.ts', '00-test');
  expect(invalid).toEqual([]);
  return mutants;
}

/** The changed node of each mutant of one mutator, as `before → after`. */
const changes = (text: string, mutants: Mutant[], mutator: string) =>
  mutants.filter((m) => m.mutator === mutator).map((m) => `${text.slice(m.start, m.end)} → ${m.replacement}`);

/** Whether a text parses as TypeScript: the compiler's parser reports no syntax error. */
function parses(text: string): boolean {
  const source = ts.createSourceFile('f.ts', text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.length === 0;
}

/** Babel (Stryker) and the compiler load slowly on a busy machine; the tests themselves are quick. */
const SLOW = { timeout: 60_000 };

describe('our numeric mutators', SLOW, () => {
  test('number literals: integers ±1 and negated (0↔1), 2 also 0.5, other numbers doubled, halved and negated', () => {
    expect(numberReplacements(0, false)).toEqual(['1', '(-1)']);
    expect(numberReplacements(1, false)).toEqual(['2', '0', '(-1)']);
    expect(numberReplacements(2, false)).toEqual(['3', '1', '(-2)', '0.5']);
    expect(numberReplacements(0.5, false)).toEqual(['1', '0.25', '(-0.5)']);
    // Under a unary minus, negating again is left to Stryker's UnaryOperator.
    expect(numberReplacements(3, true)).toEqual(['4', '2']);
  });

  test('number literals in code change; those in types, imports and property names do not', async () => {
    const text = `import { x } from './x.ts';\ntype Pair = [1, 2];\n${learner('  const o = { 7: 3 };\n  return x[0] - 1;')}`;
    const mutants = await mutantsOf(text);
    expect(changes(text, mutants, 'NumberLiteral')).toEqual(['3 → 4', '3 → 2', '3 → (-3)', '0 → 1', '0 → (-1)', '1 → 2', '1 → 0', '1 → (-1)']);
    // `x[0] - 1` → `x[0] - (-1)`: the parentheses keep it from becoming a decrement.
    const minusOne = mutants.find((m) => m.mutator === 'NumberLiteral' && m.replacement === '(-1)' && text.slice(m.start, m.end) === '1')!;
    expect(minusOne.mutated).toBe('return x[0] - (-1);');
  });

  test('tensor methods swap with their partner', async () => {
    const text = learner('  return x.mean(0).add(x.ge(0)).softmax(1).train();');
    expect(changes(text, await mutantsOf(text), 'MethodSwap')).toEqual(['mean → sum', 'add → sub', 'ge → gt', 'softmax → logSoftmax', 'train → eval']);
  });

  test('calls unwrap to their one argument or their receiver, never to a namespace', async () => {
    const text = `import { nn } from './lib.ts';\n${learner('  const y = Math.tanh(x.detach());\n  return nn.relu(y);')}`;
    const unwrapped = changes(text, await mutantsOf(text), 'UnwrapCall');
    expect(unwrapped).toEqual(['Math.tanh(x.detach()) → x.detach()', 'x.detach() → x', 'nn.relu(y) → y']);
  });

  test('expression statements are dropped (an empty statement where a statement must stay)', async () => {
    const text = learner('  optimizer.zeroGrad();\n  if (x) optimizer.step();\n  return x;');
    const mutants = await mutantsOf(text);
    expect(changes(text, mutants, 'DropStatement')).toEqual(['optimizer.zeroGrad(); → ', 'optimizer.step(); → ;']);
    for (const mutant of mutants) expect(parses(applyPatch(text, mutant))).toBe(true);
  });
});

describe('region selection', SLOW, () => {
  const text = [
    'export function g(a: number[], k: number): number {',
    '  if (k < 0) throw new RangeError(`k must be ≥ 0, got ${k + 1}`);', // given
    '  // BEGIN SOLUTION',
    '  if (a.length === 0) throw new Error(\'empty: \' + a.length);',
    '  return a.reduce((s, v) => s + v * k, 0);',
    '  // STARTER',
    '  // TODO: 합을 돌려주세요.',
    '  //> return todo(\'g\');',
    '  // END SOLUTION',
    '}',
    '',
    'export const given = [1, 2].map((v) => v * 2);',
  ].join('\n');

  test('the regions are the lines between BEGIN SOLUTION and STARTER (or END SOLUTION)', () => {
    const [region, ...more] = learnerRegions(text);
    expect(more).toEqual([]);
    expect(text.slice(region.start, region.end).split('\n').slice(0, -1).map((line) => line.trim().slice(0, 12))).toEqual(['if (a.length', 'return a.red']);
  });

  test('mutants touch only learner lines, and never the text of an error message', async () => {
    const mutants = await mutantsOf(text);
    expect(mutants.length).toBeGreaterThan(10);
    for (const mutant of mutants) expect([4, 5]).toContain(mutant.line);
    // The throw's condition is mutated; its message ('empty: ' + a.length) is not.
    expect(mutants.some((m) => m.mutator === 'EqualityOperator' && m.line === 4)).toBe(true);
    expect(mutants.filter((m) => m.line === 4 && m.mutator !== 'BlockStatement').every((m) => m.start < text.indexOf('throw new Error'))).toBe(true);
    expect(mutants.some((m) => m.mutator === 'StringLiteral')).toBe(false);
  });

  test('a block whose body is one region may be emptied; a block that also holds given lines may not', async () => {
    const mutants = await mutantsOf(text);
    expect(mutants.some((m) => m.mutator === 'BlockStatement' && m.line === 1)).toBe(false);
    const whole = learner('  return x;');
    expect((await mutantsOf(whole)).some((m) => m.mutator === 'BlockStatement' && m.replacement === '{}')).toBe(true);
  });

  test('a file without markers has no mutants', async () => {
    expect(await mutantsOf('export const f = (x: number) => x + 1;\n')).toEqual([]);
  });

  test('the regions are exactly the lines the starter generator (scripts/course/markers.ts) takes out', () => {
    const marker = /^\s*\/\/ (BEGIN SOLUTION|STARTER|END SOLUTION)\s*$|^\s*\/\/>/;
    for (const id of readdirSync(join(COURSE_ROOT, 'solutions'))) {
      for (const file of readdirSync(join(COURSE_ROOT, 'solutions', id)).filter((name) => name.endsWith('.ts'))) {
        const source = readFileSync(join(COURSE_ROOT, 'solutions', id, file), 'utf8');
        // Tag every line that is not a marker; the tags the starter keeps are the lines outside the regions.
        const tagged = source.split('\n').map((line, i) => (marker.test(line) ? line : `${line} //#L${i}#`)).join('\n');
        const kept = new Set([...starterFromSolution(tagged, file).matchAll(/\/\/#L(\d+)#/g)].map((match) => Number(match[1])));
        const regions = learnerRegions(source);
        const lineStart = (i: number) => source.split('\n').slice(0, i).join('\n').length + (i > 0 ? 1 : 0);
        source.split('\n').forEach((line, i) => {
          if (marker.test(line)) return;
          const inRegion = regions.some((r) => r.start <= lineStart(i) && lineStart(i) < r.end);
          expect(inRegion, `${id}/${file}:${i + 1}`).toBe(!kept.has(i));
        });
      }
    }
  });
});

describe('patches', SLOW, () => {
  test('every mutant of a varied source applies, changes the text, parses, and is unique', async () => {
    const text = learner([
      '  const n = x.shape[0];',
      '  let total = 0;',
      '  for (let i = n - 1; i >= 0 && total < 1e9; i--) total += i * 2;',
      '  const ys = x.map((v: number) => (v > 0.5 ? -v : v ** 2)).filter(Boolean);',
      '  optimizer?.step({ lr: 0.01, clip: [1, 2] });',
      '  return `${total}` + ys.sum(1).mean() / n;',
    ].join('\n'));
    const mutants = await mutantsOf(text);
    expect(mutants.length).toBeGreaterThan(60);
    for (const mutator of ['NumberLiteral', 'MethodSwap', 'UnwrapCall', 'DropStatement', 'ArithmeticOperator', 'EqualityOperator', 'ConditionalExpression']) {
      expect(mutants.some((m) => m.mutator === mutator), mutator).toBe(true);
    }
    const patched = new Set<string>();
    for (const mutant of mutants) {
      const result = applyPatch(text, mutant);
      expect(result).not.toBe(text);
      expect(parses(result), `${mutant.mutator}: ${mutant.mutated}`).toBe(true);
      patched.add(normalizeCode(result));
    }
    expect(patched.size).toBe(mutants.length);
  });

  test('a mutant is named by its lines before and after, without comments or extra spaces', async () => {
    const text = learner('  return   x + 1; // the sum');
    const mutant = (await mutantsOf(text)).find((m) => m.mutator === 'ArithmeticOperator')!;
    expect([mutant.original, mutant.mutated, mutant.line]).toEqual(['return x + 1;', 'return x - 1;', 3]);
  });

  test('template literals stay whole: their text is not read as code or comments', () => {
    expect(normalizeCode('throw new Error(`a ${x}  // b ${y} c`);\n  };')).toBe('throw new Error(`a ${x}  // b ${y} c`); };');
  });

  test('numericPatches leaves type-only declarations alone', () => {
    const source = parseSource('interface A { n: 3 }\ntype B = { m(): 4 };\nenum C { D = 5 }\n', 'a.ts');
    expect(numericPatches(source)).toEqual([]);
  });
});
