// Which checks a mutant can reach (grader/mutate/affected.ts), and the two grader options the mutation
// runner uses for it: onProbe (observe every probe's source) and onlyChecks (grade a subset).
import { describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CheckLoads, closure, importGraph, probeLoads } from '../mutate/affected.ts';
import { ADD, ADD_HIDDEN, GRADING_TEST_TIMEOUT, SCALE, SCALE_HIDDEN, checkNamed, gradeFixture } from './helpers.ts';

describe('probeLoads', () => {
  test('the literal targets of load() calls', () => {
    expect(probeLoads("async ({ load, lib }, input) => { const m = await load('model.ts'); return (await load(\"./train.ts\")).x; }"))
      .toEqual(new Set(['model.ts', 'train.ts']));
    expect(probeLoads('async (ctx) => (await ctx.load(`data.ts`)).make()')).toEqual(new Set(['data.ts']));
  });

  test('no load at all: the probe reaches no exercise file', () => {
    expect(probeLoads('async ({ lib }) => lib.tanh(1)')).toEqual(new Set());
  });

  test('a computed target, a renamed or passed-on load: could be any file', () => {
    expect(probeLoads('async ({ load }, input) => load(input.file)')).toBe('any');
    expect(probeLoads('async ({ load }, input) => load(`${input.name}.ts`)')).toBe('any');
    expect(probeLoads("async ({ load: l }) => l('x.ts')")).toBe('any');
    expect(probeLoads("async ({ load }) => helper(load, 'x.ts')")).toBe('any');
  });
});

describe('the import graph of an exercise', () => {
  test('relative imports only, followed transitively; the library is outside', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-affected-'));
    try {
      mkdirSync(join(dir, 'util'));
      writeFileSync(join(dir, 'train.ts'), "import { makeData } from './data.ts';\nimport { Adam } from '../../lib/index.ts';\nexport const t = 1;\n");
      writeFileSync(join(dir, 'data.ts'), "export { helper } from './util/helper.ts';\n");
      writeFileSync(join(dir, 'util', 'helper.ts'), "const later = () => import('../model.ts');\nexport const helper = 1;\n");
      writeFileSync(join(dir, 'model.ts'), 'export const m = 1;\n');
      writeFileSync(join(dir, 'questions.ts'), 'export const q = 1;\n');
      const graph = importGraph(dir);
      expect(graph.get('train.ts')).toEqual(new Set(['data.ts']));
      expect(closure(graph, 'train.ts')).toEqual(new Set(['train.ts', 'data.ts', 'util/helper.ts', 'model.ts']));
      expect(closure(graph, 'questions.ts')).toEqual(new Set(['questions.ts']));

      const loads = new CheckLoads(['trains', 'asks', 'computes', 'anything'], graph);
      loads.record('trains', "async ({ load }) => (await load('train.ts')).t");
      loads.record('asks', "async ({ load }) => (await load('questions.ts')).q");
      loads.record('computes', 'async ({ lib }) => lib.tanh(0)');
      loads.record('anything', 'async ({ load }, input) => load(input.file)');
      loads.record('asks', "async ({ load }) => (await load('model.ts')).m");
      expect(loads.affectedBy('model.ts')).toEqual(['trains', 'asks', 'anything']);
      expect(loads.affectedBy('questions.ts')).toEqual(['asks', 'anything']);
      expect(loads.affectedBy('util/helper.ts')).toEqual(['trains', 'anything']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the grader options behind it', { timeout: GRADING_TEST_TIMEOUT }, () => {
  test('onlyChecks grades the chosen checks and records the others as not run; onProbe sees every probe', async () => {
    const seen: string[] = [];
    const result = await gradeFixture('correct', {
      filters: ['0'],
      onlyChecks: (_id, check) => check === 'scales a vector' || check === 'scales random vectors',
      onProbe: (id, check, source) => seen.push(`${id} | ${check} | ${probeLoads(source) === 'any' ? 'any' : [...(probeLoads(source) as Set<string>)].join(',')}`),
    });
    for (const name of [SCALE, SCALE_HIDDEN]) expect(checkNamed(result, name)).toMatchObject({ outcome: 'passed' });
    for (const name of [ADD, ADD_HIDDEN]) expect(checkNamed(result, name)).toMatchObject({ outcome: 'not-run', points: 0, reason: 'not graded: not selected' });
    expect(seen).toEqual(['00-demo | scales a vector | demo.ts', '00-demo | scales random vectors | demo.ts']);
  });

  test('checkTimeoutMs can only lower a check\'s limit: an endless loop is cut at the lower one', async () => {
    const result = await gradeFixture('hostile-loop', {
      filters: ['0'],
      limits: { callTimeoutMs: 3_000 },
      // Lower for one scale() check, higher than the suite's (ignored) for the other.
      checkTimeoutMs: (_id, check) => (check === 'scales a vector' ? 600 : check === 'scales random vectors' ? 60_000 : undefined),
    });
    expect(checkNamed(result, SCALE)).toMatchObject({ outcome: 'timeout', reason: expect.stringContaining('did not finish within 0.6 s') });
    expect(checkNamed(result, SCALE_HIDDEN)).toMatchObject({ outcome: 'timeout', reason: expect.stringContaining('did not finish within 3 s') });
    expect(checkNamed(result, ADD)).toMatchObject({ outcome: 'passed' });
  });
});
