// The pieces of `npm run watch` without a terminal: the scheduler (one grading at a time, saves in
// order, the start-up grading giving way), the keys (raw mode restored on close), the screen (what it
// says, and how it fits a small terminal), line wrapping, and the course order read from the table of
// contents. The whole program on a pseudo-terminal is watch-pty.test.ts.
import { describe, expect, test } from 'vitest';
import { EventEmitter } from 'node:events';
import { Chalk } from 'chalk';
import { Scheduler, type Job } from '../watch/scheduler.ts';
import type { Grading } from '../watch/grading-process.ts';
import { listenForKeys, type Key } from '../watch/keys.ts';
import { renderScreen, type ScreenModel } from '../watch/screen.ts';
import { displayWidth, wrapLine } from '../watch/layout.ts';
import { parseToc } from '../watch/toc.ts';
import { progressOf } from '../watch/progress.ts';
import type { CheckResult, ExerciseResult, GradeResult } from '../run.ts';

const plain = new Chalk({ level: 0 });

/** A grading the test ends by hand; records whether it was stopped. */
class FakeGrading implements Grading {
  done: Promise<GradeResult | Error>;
  finish!: (outcome: GradeResult | Error) => void;
  stopped = false;
  constructor(readonly ids: string[]) {
    this.done = new Promise((resolve) => { this.finish = resolve; });
  }
  async stop(): Promise<void> {
    this.stopped = true;
    this.finish(new Error('stopped'));
  }
}

function resultOf(ids: string[]): GradeResult {
  return { exercises: ids.map((id) => ({ id })) } as unknown as GradeResult;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function schedulerUnderTest() {
  const started: FakeGrading[] = [];
  const finished: Array<[Job, string]> = [];
  let running = 0;
  let most = 0;
  const scheduler = new Scheduler((ids) => {
    const grading = new FakeGrading(ids);
    started.push(grading);
    running++;
    most = Math.max(most, running);
    void grading.done.then(() => { running--; });
    return grading;
  }, {
    started: () => undefined,
    finished: (job, outcome) => finished.push([job, outcome instanceof Error ? outcome.message : 'result']),
  });
  return { scheduler, started, finished, most: () => most };
}

describe('the scheduler', () => {
  test('a save during a grading waits for it; saves of one exercise in the queue count once; never two gradings at once', async () => {
    const { scheduler, started, finished, most } = schedulerUnderTest();
    scheduler.saved('01-a');
    expect(started.map((g) => g.ids)).toEqual([['01-a']]);
    scheduler.saved('02-b');
    scheduler.saved('01-a');
    scheduler.saved('02-b');
    expect(started).toHaveLength(1);
    expect(scheduler.waiting).toEqual(['02-b', '01-a']);
    started[0].finish(resultOf(['01-a']));
    await tick();
    expect(started.map((g) => g.ids)).toEqual([['01-a'], ['02-b']]);
    started[1].finish(resultOf(['02-b']));
    await tick();
    started[2].finish(resultOf(['01-a']));
    await tick();
    expect(started.map((g) => g.ids)).toEqual([['01-a'], ['02-b'], ['01-a']]);
    expect(finished.map(([job]) => job.ids[0])).toEqual(['01-a', '02-b', '01-a']);
    expect(most()).toBe(1);
    expect(scheduler.current).toBeNull();
  });

  test('the start-up grading gives way to a save and resumes for the exercises it had not finished', async () => {
    const { scheduler, started, finished, most } = schedulerUnderTest();
    scheduler.gradeInBackground(['01-a', '02-b', '03-c']);
    expect(started[0].ids).toEqual(['01-a', '02-b', '03-c']);
    scheduler.saved('02-b');
    expect(started[0].stopped).toBe(true);
    await tick();
    expect(started[1].ids).toEqual(['02-b']);
    started[1].finish(resultOf(['02-b']));
    await tick();
    expect(started[2].ids).toEqual(['01-a', '03-c']);
    expect(finished).toEqual([[{ kind: 'save', ids: ['02-b'] }, 'result']]); // a stopped grading reports nothing
    expect(most()).toBe(1);
  });

  test('stop ends the running grading and starts nothing more', async () => {
    const { scheduler, started } = schedulerUnderTest();
    scheduler.saved('01-a');
    scheduler.saved('02-b');
    await scheduler.stop();
    expect(started[0].stopped).toBe(true);
    await tick();
    scheduler.saved('03-c');
    expect(started).toHaveLength(1);
  });
});

/** A stand-in for a terminal's stdin that records its raw mode. */
class FakeTty extends EventEmitter {
  isTTY = true;
  isRaw = false;
  modes: boolean[] = [];
  setRawMode(on: boolean) { this.isRaw = on; this.modes.push(on); return this; }
  setEncoding() { return this; }
  resume() { return this; }
  pause() { return this; }
  unref() { return this; }
}

describe('the keys', () => {
  test('raw mode while listening, the mode before restored on close; h is a hint, q, Q, Ctrl-C and Ctrl-D quit, other keys nothing', () => {
    const tty = new FakeTty();
    const keys: Key[] = [];
    const input = listenForKeys(tty as unknown as NodeJS.ReadStream, (key) => keys.push(key));
    expect(input.active).toBe(true);
    expect(tty.isRaw).toBe(true);
    tty.emit('data', 'hxq');
    tty.emit('data', 'H\u0003\u0004Q');
    expect(keys).toEqual(['hint', 'quit', 'hint', 'quit', 'quit', 'quit']);
    input.close();
    expect(tty.isRaw).toBe(false);
    tty.emit('data', 'h');
    expect(keys).toHaveLength(6);
  });

  test('stdin that is not a terminal: keys are off and nothing is changed', () => {
    const input = listenForKeys({ isTTY: false } as unknown as NodeJS.ReadStream, () => undefined);
    expect(input.active).toBe(false);
  });
});

describe('line wrapping', () => {
  test('lines break at spaces within the width, continue with a hanging indent, and lose no word', () => {
    const line = '    the code threw TypeError: Cannot read properties of undefined (reading 0) at exercises/01-rnn-cell/cell-by-hand.ts:20 when called';
    const lines = wrapLine(line, 60);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const part of lines) expect(part.length).toBeLessThanOrEqual(60);
    expect(lines[0].startsWith('    the code')).toBe(true);
    for (const part of lines.slice(1)) expect(part.startsWith('      ') && part[6] !== ' ').toBe(true);
    expect(lines.map((part) => part.trim()).join(' ')).toBe(line.trim());
  });

  test('Hangul counts two columns, colour codes none; a word longer than a line is cut', () => {
    expect(displayWidth('연습 01')).toBe(7);
    expect(displayWidth('\u001b[31m✗\u001b[39m ab')).toBe(4);
    const lines = wrapLine('Next: step 3 · 연습 01-rnn-cell — 셀을 ml-matrix로, 루프로, 모듈로 직접 쓰고 포화를 관찰', 30);
    for (const part of lines) expect(displayWidth(part)).toBeLessThanOrEqual(30);
    expect(lines.map((part) => part.trim()).join(' ')).toBe('Next: step 3 · 연습 01-rnn-cell — 셀을 ml-matrix로, 루프로, 모듈로 직접 쓰고 포화를 관찰');
    const cut = wrapLine(`  x ${'a'.repeat(50)}`, 20);
    for (const part of cut) expect(displayWidth(part)).toBeLessThanOrEqual(20);
    expect(cut.join('').replace(/ /g, '')).toBe(`x${'a'.repeat(50)}`);
  });
});

function check(name: string, status: 'passed' | 'failed', outcome: CheckResult['outcome'], extra: Partial<CheckResult> = {}): CheckResult {
  return {
    exerciseId: '01-rnn-cell', name: `01-rnn-cell › ${name}`, index: 0, status, outcome,
    points: status === 'passed' ? 1 : 0, maxPoints: 1, visibility: 'visible',
    reason: status === 'passed' ? '' : outcome === 'not-started' ? `not started — implement \`${name}\`` : `${name} is wrong`,
    details: [], hintLevels: 2, durationMs: 1, ...extra,
  };
}

/** 6 passing, 2 failing (the first with 5 detail lines), 14 not started: 22 checks. */
function bigExercise(): ExerciseResult {
  const checks = [
    ...Array.from({ length: 6 }, (_, i) => check(`passes ${i + 1}`, 'passed', 'passed')),
    check('fails first', 'failed', 'failed', { details: ['line 1', 'line 2', 'line 3', 'line 4', 'line 5'] }),
    check('fails second', 'failed', 'failed'),
    ...Array.from({ length: 14 }, (_, i) => check(`later ${i + 1}`, 'failed', 'not-started')),
  ];
  return { id: '01-rnn-cell', points: 6, maxPoints: 22, status: 'partial', checks, suiteFiles: [], output: [] };
}

function model(exercise: ExerciseResult, more: Partial<ScreenModel> = {}): ScreenModel {
  return {
    watching: 'exercises/', seed: 1,
    shown: { exercise, gradedAt: Date.UTC(2024, 0, 1), source: 'save', tookMs: 2400 },
    hintsOf: () => ['level one idea', 'level two closer'],
    levelOf: () => 1,
    progress: { complete: 0, total: 11, unknown: 0, next: { exerciseId: '01-rnn-cell', known: { status: 'partial', points: 6, maxPoints: 22 } } },
    keys: true,
    ...more,
  };
}

describe('the screen', () => {
  test('without a known height: every check that ran, the not-started run as one line, the first failing check with its details and hint levels, the progress and the keys', () => {
    const lines = renderScreen(model(bigExercise()), plain).split('\n');
    expect(lines).toContain('  ✓ passes 1 1/1');
    expect(lines).toContain('  ✓ passes 6 1/1');
    expect(lines).toContain('  ✗ fails second 0/1');
    expect(lines).toContain('  ○ 14 checks not started yet, the first: later 1 0/14');
    expect(lines).toContain('First failing check: fails first');
    expect(lines).toContain('    │ line 5');
    expect(lines).toContain('    hint 1/2: level one idea');
    expect(lines).toContain('  → hint 2/2: level two closer');
    expect(lines.some((line) => /^01-rnn-cell {2}6\/22 points {2}partly done {2}\(graded \d\d:\d\d:\d\d in 2\.4 s\)$/.test(line))).toBe(true);
    expect(lines).toContain('Progress: 0/11 exercises complete [-----------]');
    expect(lines).toContain('keys: h (last hint shown) · q quit');
  });

  test('on a small terminal the screen is made to fit, keeping the first failing check, its newest hint and the progress', () => {
    for (const [width, height] of [[80, 24], [60, 24]]) {
      const text = renderScreen(model(bigExercise(), { width, height }), plain);
      const lines = text.replace(/\n$/, '').split('\n');
      expect(lines.length).toBeLessThan(height);
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
      expect(text).toContain('First failing check: fails first');
      expect(text).toContain('→ hint 2/2: level two closer');
      expect(text).toContain('Progress: 0/11 exercises complete');
      expect(text).toContain('keys: h (last hint shown) · q quit');
      expect(text).not.toContain('✓ passes 1 1/1'); // the passing checks are counted instead
    }
    const small = renderScreen(model(bigExercise(), { width: 80, height: 24 }), plain);
    expect(small).toContain('  ✓ 6 checks pass 6/6');
  });

  test('a file that does not compile: the error, no hint, and h says why', () => {
    const exercise = bigExercise();
    exercise.checks = exercise.checks.map((one) => ({ ...one, status: 'failed', points: 0, outcome: 'load-error', reason: 'the exercise file failed to load: SyntaxError at exercises/01-rnn-cell/cell-by-hand.ts:3:5: Unexpected "="' }));
    const text = renderScreen(model(exercise), plain);
    expect(text).toContain('Your file does not compile: the exercise file failed to load: SyntaxError at exercises/01-rnn-cell/cell-by-hand.ts:3:5');
    expect(text).not.toContain('hint 1/2');
    expect(text).toContain('keys: h (no hint while the file does not compile) · q quit');
  });

  test('without keys (stdin not a terminal) the screen says how to quit', () => {
    expect(renderScreen(model(bigExercise(), { keys: false }), plain)).toContain('keys are off (stdin is not a terminal); Ctrl-C quits');
  });
});

describe('the course order', () => {
  const toc = parseToc(`| 단계 | 읽을 것 / 할 것 | 명령 |
|---|---|---|
| 1 | 레슨 [01. 첫 레슨](./01-first/README.md) — 읽기 | \`npm run lesson -- 01\` |
| 2 | 연습 [\`02-b\`](../exercises/02-b/README.md) — **둘째** | \`npm run grade -- 02\` |
| 3 | 레슨 [02. 둘째 레슨](./02-second/README.md) | |
| 4 | 연습 [\`01-a\`](../exercises/01-a/README.md) — 첫째 | |
`);

  test('the table rows in order, lessons and exercises told apart, markdown removed', () => {
    expect(toc.map((step) => [step.step, step.kind, step.id])).toEqual([[1, 'lesson', '01-first'], [2, 'exercise', '02-b'], [3, 'lesson', '02-second'], [4, 'exercise', '01-a']]);
    expect(toc[1].text).toBe('연습 02-b — 둘째');
  });

  test('the next step is the first exercise of the table that is not complete; unlisted ones come after, in id order', () => {
    const passed = { status: 'passed', points: 1, maxPoints: 1 } as const;
    const progress = progressOf(['01-a', '02-b', '00-extra'], new Map([['02-b', passed]]), toc);
    expect(progress).toMatchObject({ complete: 1, total: 3, unknown: 2, next: { exerciseId: '01-a', lesson: { id: '02-second' } } });
    const allButExtra = progressOf(['01-a', '02-b', '00-extra'], new Map([['02-b', passed], ['01-a', passed]]), toc);
    expect(allButExtra.next?.exerciseId).toBe('00-extra');
    expect(allButExtra.next?.row).toBeUndefined();
    expect(progressOf(['01-a', '02-b'], new Map([['02-b', passed], ['01-a', passed]]), toc).next).toBeUndefined();
  });
});
