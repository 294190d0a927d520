// `npm run watch` as a learner sees it, through a pseudo-terminal: util-linux's `script` runs the watch
// on a pty of a fixed size (80×40) — `script` is in bsdutils, an Essential package of Debian, so it is
// on every machine .ci/run runs on, unlike tmux. The test types keys into the pty, saves files of a
// scratch course (the fixture suites of grader/test/fixtures/hint-suites with a table of contents of
// two exercises) and reads the screen: the text after the last clear-screen sequence, or after the
// last dated rule on a terminal that cannot clear. Every wait polls the screen up to a deadline; no
// assertion rests on a fixed sleep. After the watch exits, `stty -a` runs on the same pty, so the
// test sees whether the terminal was left in cooked mode with echo.
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { COURSE_ROOT } from '../run.ts';
import { FIXTURES, FAST_LIMITS } from './helpers.ts';
import { main as hint } from '../hints/cli-main.ts';

const HINT_SUITES = join(FIXTURES, 'hint-suites');
/** The pty's size: 80 columns, and rows enough for the fixture's screens to be shown whole. */
const COLUMNS = 80;
const ROWS = 40;
/** A deadline for one thing to appear: a start of tsx plus a grading on a busy 2-core machine. */
const DEADLINE_MS = 90_000;
const TEST_TIMEOUT = 5 * DEADLINE_MS;

/** addVectors subtracts; the three scale checks pass: 3/5 points, the first failing check has 3 hint levels. */
const ADD_WRONG = `export function addVectors(a: number[], b: number[]): number[] { return a.map((v, i) => v - b[i]); }
export function scale(x: number[], k: number): number[] { return x.map((v) => v * k); }
`;
/** addVectors fixed, scale adds k: 2/5 points, the first failing check is "scales a vector" (2 levels). */
const SCALE_WRONG = `export function addVectors(a: number[], b: number[]): number[] { return a.map((v, i) => v + b[i]); }
export function scale(x: number[], k: number): number[] { return x.map((v) => v + k); }
`;
const ALL_RIGHT = `export function addVectors(a: number[], b: number[]): number[] { return a.map((v, i) => v + b[i]); }
export function scale(x: number[], k: number): number[] { return x.map((v) => v * k); }
`;
/** Does not parse: the grader reports a SyntaxError at line 2. */
const BROKEN = `export function addVectors(a: number[], b: number[]): number[] { return a.map((v, i) => v + b[i]); }
export function scale(x: number[], k: number): number[] { return x.map((v) => v * k)) }
`;
/** Right, but each call busy-waits about 3 s: a grading of 00-demo that lasts long enough to save during it. */
const SLOW = `function busy(ms: number): void { const end = Date.now() + ms; while (Date.now() < end) { /* wait */ } }
export function addVectors(a: number[], b: number[]): number[] { busy(3000); return a.map((v, i) => v + b[i]); }
export function scale(x: number[], k: number): number[] { return x.map((v) => v * k); }
`;
const OTHER_RIGHT = 'export function double(x: number): number { return 2 * x; }\n';
const OTHER_WRONG = 'export function double(x: number): number { return x + 2; }\n';
const TOC = `| 단계 | 읽을 것 / 할 것 | 명령 |
|---|---|---|
| 1 | 레슨 [01. 데모 레슨](./01-demo-lesson/README.md) — 벡터 | \`npm run lesson -- 01\` |
| 2 | 연습 [\`00-demo\`](../exercises/00-demo/README.md) — 더하기와 곱하기 | \`npm run grade -- 00\` |
| 3 | 연습 [\`01-other\`](../exercises/01-other/README.md) — 두 배 | \`npm run grade -- 01\` |
`;

const CLEAR = '\u001b[2J';
const RULE = /^──── \d\d:\d\d:\d\d$/m;
const ESCAPES = /\u001b(\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78])/g;

/** A program running on a pty through `script`, with the screen as a learner would read it. */
class Pty {
  private raw = '';
  private exited: Promise<number | null>;
  readonly child: ChildProcessWithoutNullStreams;

  constructor(command: string, env: Record<string, string>) {
    // The size is set on the pty itself, so the watch reads it as a terminal would report it; after
    // the watch, its exit code and the terminal's modes are printed on the same pty.
    const shell = `stty cols ${COLUMNS} rows ${ROWS}; ${command}; echo "[exit $?]"; stty -a`;
    this.child = spawn('script', ['-qfec', shell, '/dev/null'], {
      cwd: COURSE_ROOT,
      env: { ...process.env, FORCE_COLOR: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.on('data', (chunk: Buffer) => { this.raw += chunk.toString('utf8'); });
    this.child.stderr.on('data', (chunk: Buffer) => { this.raw += chunk.toString('utf8'); });
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
  }

  /** Everything the pty printed, escape sequences included. */
  get output(): string {
    return this.raw;
  }

  /** The current screen: what follows the last clear (or the last dated rule), without escape sequences. */
  screen(): string {
    let text = this.raw;
    const cleared = text.lastIndexOf(CLEAR);
    if (cleared >= 0) text = text.slice(cleared + CLEAR.length);
    text = text.replace(ESCAPES, '').replace(/\r/g, '');
    const rules = [...text.matchAll(new RegExp(RULE.source, 'gm'))];
    if (rules.length > 0) text = text.slice(rules[rules.length - 1].index);
    return text;
  }

  /** Polls the screen until `ok` holds, up to a deadline; fails with the screen it saw last. */
  async waitFor(what: string, ok: (screen: string) => boolean, deadlineMs = DEADLINE_MS): Promise<string> {
    const end = Date.now() + deadlineMs;
    for (;;) {
      const screen = this.screen();
      if (ok(screen)) return screen;
      if (Date.now() > end) throw new Error(`waited ${deadlineMs} ms for ${what}; the screen was:\n${screen}\n(raw tail: ${JSON.stringify(this.raw.slice(-400))})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  press(keys: string): void {
    this.child.stdin.write(keys);
  }

  /** Waits for the pty to close (the watch, the exit line and stty -a done). */
  async closed(deadlineMs = DEADLINE_MS): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), deadlineMs); });
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') throw new Error(`the pty did not close within ${deadlineMs} ms; the screen was:\n${this.screen()}`);
    return outcome;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

let root: string;
let exercises: string;
let sessions: Pty[] = [];

function watchCommand(extra: string[] = []): string {
  const args = ['--exercises', exercises, '--suites-only', HINT_SUITES, '--toc', join(root, 'toc.md'), '--limits', `'${JSON.stringify({ ...FAST_LIMITS, callTimeoutMs: 10_000 })}'`, '--fresh', ...extra];
  return args.join(' ');
}

/** `npm run watch` as the learner starts it. */
function npmWatch(env: Record<string, string>): Pty {
  const pty = new Pty(`npm run watch -- ${watchCommand()}`, env);
  sessions.push(pty);
  return pty;
}

/** The same program without npm in between (quicker to start). */
function directWatch(env: Record<string, string>): Pty {
  const pty = new Pty(`${JSON.stringify(process.execPath)} --import tsx grader/watch/cli.ts ${watchCommand()}`, env);
  sessions.push(pty);
  return pty;
}

const save = (id: string, file: string, text: string) => writeFileSync(join(exercises, id, file), text);
const cacheOf = () => JSON.parse(readFileSync(join(root, '.grade', 'watch-results.json'), 'utf8')) as { results: Record<string, { gradedAt: number; result: { points: number } }> };
const hintState = () => {
  try {
    return JSON.parse(readFileSync(join(root, '.grade', 'hints.json'), 'utf8')) as { levels: Record<string, Record<string, number>> };
  } catch {
    return { levels: {} };
  }
};

interface ProcessEntry { pid: string; ppid: string; cmdline: string }

/** Every process, with its parent and command line (Linux /proc). */
function processes(): ProcessEntry[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { pid, ppid: state === 'Z' ? '' : ppid, cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8') };
    } catch {
      return { pid, ppid: '', cmdline: '' };
    }
  }).filter(({ ppid }) => ppid !== '');
}

/** The pids of the watch processes of this scratch course (node running cli.ts with its folder). */
const watchPids = (all: ProcessEntry[]) => new Set(all.filter(({ cmdline }) => cmdline.includes('cli.ts') && cmdline.includes(exercises)).map(({ pid }) => pid));

/** The screen with wrapped lines joined again (a continuation line is indented). */
const flat = (screen: string) => screen.replace(/\n {2,}(?=\S)/g, ' ');

/** The first screen: both exercises graded at start, 00-demo (the next step) shown with its result. */
const firstScreenShown = (screen: string) => screen.includes('Progress: 1/2 exercises complete') && screen.includes('00-demo  3/5 points') && !screen.includes('grading ');

/** Every line fits the width (the watch wraps them) and the screen fits the height. */
function expectFits(screen: string): void {
  const lines = screen.replace(/\n$/, '').split('\n');
  expect(lines.length).toBeLessThan(ROWS);
  // Hangul takes two columns of a terminal.
  const columns = (line: string) => [...line].reduce((sum, char) => sum + (/[\u1100-\u115f\u3130-\u318f\uac00-\ud7a3]/.test(char) ? 2 : 1), 0);
  for (const line of lines) expect(columns(line), line).toBeLessThanOrEqual(COLUMNS);
}

/** The terminal after the watch: cooked mode with echo (raw mode would show -icanon -echo). */
function expectTerminalRestored(output: string): void {
  const modes = output.slice(output.lastIndexOf('[exit '));
  expect(modes).toMatch(/(^|\s)icanon(\s|$)/m);
  expect(modes).toMatch(/(^|\s)echo(\s|$)/m);
  expect(modes).toMatch(/(^|\s)isig(\s|$)/m);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rnn-watch-pty-'));
  exercises = join(root, 'exercises');
  mkdirSync(join(exercises, '00-demo'), { recursive: true });
  mkdirSync(join(exercises, '01-other'), { recursive: true });
  save('00-demo', 'demo.ts', ADD_WRONG);
  save('01-other', 'other.ts', OTHER_RIGHT);
  writeFileSync(join(root, 'toc.md'), TOC);
});

afterEach(() => {
  for (const pty of sessions) pty.kill();
  sessions = [];
  rmSync(root, { recursive: true, force: true });
});

afterAll(() => {
  for (const pty of sessions) pty.kill();
});

describe('npm run watch on a pseudo-terminal', { timeout: TEST_TIMEOUT }, () => {
  test('first screen; a save re-grades that exercise only and shows its checks, first failing check, hint, progress and next step; h raises the hint; q quits and restores the terminal', async () => {
    const pty = npmWatch({ NO_COLOR: '1', TERM: 'xterm' });
    let screen = await pty.waitFor('the first screen with both exercises graded', firstScreenShown);
    expect(screen).toContain('  ✗ adds two vectors 0/2');
    expect(screen).toContain('First failing check: adds two vectors');
    expect(screen).toContain('  → hint 1/3: add level 1: the sum of two vectors, element by element');
    expect(screen).toContain('Next: step 2 · 연습 00-demo — 더하기와 곱하기 (3/5 points)');
    expect(screen).toContain('its lesson: step 1 · 01. 데모 레슨 (lessons/01-demo-lesson/README.md)');
    expect(screen).toContain('keys: h next hint (2/3) · q quit');
    expect(pty.output).not.toMatch(/\u001b\[[0-9;]*m/); // NO_COLOR: no colour codes at all
    const otherGradedAt = cacheOf().results['01-other'].gradedAt;

    save('00-demo', 'demo.ts', SCALE_WRONG);
    screen = await pty.waitFor('the result of the save', (s) => /00-demo {2}2\/5 points {2}partly done {2}\(graded \d\d:\d\d:\d\d in [\d.]+ s\)/.test(s));
    expect(screen).toContain('  ✓ adds two vectors 2/2');
    expect(screen).toContain('  ✗ scales a vector 0/1');
    expect(screen).toContain('  ✗ scales by zero 0/1');
    expect(screen).toContain('First failing check: scales a vector');
    expect(screen).toContain('  → hint 1/2: scale level 1: every element times k');
    expect(screen).not.toContain('hint 2/2');
    expect(screen).toContain('Progress: 1/2 exercises complete [#-]');
    expect(screen).toContain('Next: step 2 · 연습 00-demo — 더하기와 곱하기 (2/5 points)');
    expect(screen).not.toContain('doubles 21'); // the other exercise is not shown...
    expect(cacheOf().results['01-other'].gradedAt).toBe(otherGradedAt); // ...nor graded again
    expectFits(screen);

    pty.press('h');
    screen = await pty.waitFor('the second hint level', (s) => s.includes('→ hint 2/2: scale level 2: keep the length; nothing dropped'));
    expect(screen).toContain('    hint 1/2: scale level 1: every element times k');
    expect(screen).toContain('hint 2/2 revealed.');
    expect(screen).toContain('keys: h (last hint shown) · q quit');
    expect(hintState().levels['00-demo']).toEqual({ 'scales a vector': 1 });

    pty.press('q');
    expect(await pty.closed()).toBe(0);
    expect(pty.screen()).toContain('watch: stopped.');
    expect(pty.output).toContain('[exit 0]');
    expectTerminalRestored(pty.output);
  });

  test('a terminal without colour or cursor control (TERM=dumb, NO_COLOR) gets the same information as plain lines; a level raised by npm run hint shows at once; Ctrl-C quits cleanly', async () => {
    const pty = directWatch({ NO_COLOR: '1', TERM: 'dumb' });
    await pty.waitFor('the first screen', firstScreenShown);
    save('00-demo', 'demo.ts', SCALE_WRONG);
    const screen = await pty.waitFor('the result of the save', (s) => s.includes('00-demo  2/5 points'));
    expect(screen).toMatch(RULE);
    for (const line of [
      '  ✓ adds two vectors 2/2', '  ✗ scales a vector 0/1', 'First failing check: scales a vector',
      '  → hint 1/2: scale level 1: every element times k', 'Progress: 1/2 exercises complete [#-]',
      'Next: step 2 · 연습 00-demo — 더하기와 곱하기 (2/5 points)', 'keys: h next hint (2/2) · q quit',
    ]) expect(screen).toContain(line);
    // No escape sequence at all: nothing a dumb terminal would print as garbage.
    const watchOutput = pty.output.slice(0, pty.output.indexOf('[exit ') >= 0 ? pty.output.indexOf('[exit ') : undefined);
    expect(watchOutput).not.toContain('\u001b');
    // The earlier screens stay above (nothing is cleared): the first result is still in the output.
    expect(watchOutput).toContain('00-demo  3/5 points');

    // npm run hint in another terminal: the watch shows the level it raised without waiting for a save.
    const asked = await hint(['00', '--exercises', exercises, '--suites-only', HINT_SUITES, '--toc', join(root, 'toc.md'), '--limits', JSON.stringify(FAST_LIMITS), '--no-color'], { stdout: { write: () => true }, stderr: { write: () => true } });
    expect(asked).toBe(0);
    const raised = await pty.waitFor('the level raised by npm run hint', (s) => s.includes('  → hint 2/2: scale level 2: keep the length; nothing dropped'));
    expect(raised).toContain('00-demo  2/5 points');
    expect(raised).toContain('keys: h (last hint shown) · q quit');

    // The process started ahead for the next save waits below the watch; quitting ends it too.
    let spares: string[] = [];
    const end = Date.now() + DEADLINE_MS;
    while (spares.length === 0 && Date.now() < end) {
      const all = processes();
      const watches = watchPids(all);
      spares = all.filter(({ ppid, cmdline }) => watches.has(ppid) && cmdline.includes('worker.ts')).map(({ pid }) => pid);
      if (spares.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(spares).toHaveLength(1);

    pty.press('\u0003');
    expect(await pty.closed()).toBe(0);
    const alive = new Set(processes().map(({ pid }) => pid));
    expect(spares.filter((pid) => alive.has(pid))).toEqual([]);
    expect(pty.output).toContain('watch: stopped.');
    expect(pty.output).toContain('[exit 0]');
    expectTerminalRestored(pty.output);
  });

  test('a save that does not compile shows the compile error of that exercise, spends no hint level, and the watch goes on', async () => {
    const pty = directWatch({ NO_COLOR: '1', TERM: 'xterm' });
    await pty.waitFor('the first screen', firstScreenShown);
    save('00-demo', 'demo.ts', BROKEN);
    let screen = await pty.waitFor('the compile error', (s) => s.includes('Your file does not compile:'));
    expect(screen).toMatch(/00-demo {2}0\/5 points/);
    expect(flat(screen)).toMatch(/SyntaxError at \S*00-demo\/demo\.ts:2:\d+/);
    expect(screen).not.toContain('→ hint');
    expect(screen).toContain('h (no hint while the file does not compile)');
    expect(screen).toContain('Progress: 1/2 exercises complete');

    pty.press('h');
    screen = await pty.waitFor('the answer to h', (s) => s.includes('Your file does not compile yet: fix it and save'));
    expect(hintState().levels).toEqual({});

    save('00-demo', 'demo.ts', ALL_RIGHT);
    screen = await pty.waitFor('the fixed file graded', (s) => s.includes('00-demo  5/5 points  complete'));
    expect(screen).toContain('Every check of 00-demo passes.');
    expect(screen).toContain('Progress: 2/2 exercises complete [##]');
    expect(screen).toContain('Every exercise is complete.');
    pty.press('\u0003');
    expect(await pty.closed()).toBe(0);
    expectTerminalRestored(pty.output);
  });

  test('a save while a grading runs waits for it: one grading process at a time, then the second save is graded', async () => {
    const pty = directWatch({ NO_COLOR: '1', TERM: 'xterm' });
    await pty.waitFor('the first screen', firstScreenShown);

    // Grading processes of this watch, sampled from /proc while both saves are handled: a worker
    // names itself "rnn-watch grading <ids>" once it has its request (a spare waiting has not); its
    // parent is the watch of this scratch course. A process a grading forks shows the same name
    // until it execs, so a match whose parent is a match does not count.
    const gradings = () => {
      const all = processes();
      const watches = watchPids(all);
      const found = all.filter(({ cmdline }) => cmdline.startsWith('rnn-watch grading'));
      const pids = new Set(found.map(({ pid }) => pid));
      return found.filter(({ ppid }) => watches.has(ppid) && !pids.has(ppid)).map(({ pid, cmdline }) => `${pid} ${cmdline}`);
    };
    let most = 0;
    let seen = 0;
    let both: string[] = [];
    const sampler = setInterval(() => {
      const now = gradings();
      if (now.length > most) both = now;
      most = Math.max(most, now.length);
      if (now.length > 0) seen++;
    }, 50);
    try {
      save('00-demo', 'demo.ts', SLOW);
      await pty.waitFor('the slow grading to start', (s) => s.includes('grading 00-demo…'));
      save('01-other', 'other.ts', OTHER_WRONG);
      let screen = await pty.waitFor('the second save queued', (s) => s.includes('grading 00-demo…, then 01-other'));
      // The first grading finishes and is shown; the second one starts only then.
      screen = await pty.waitFor('the slow grading\'s result', (s) => s.includes('00-demo  5/5 points  complete'));
      screen = await pty.waitFor('the second save graded', (s) => s.includes('01-other  0/1 points'));
      expect(screen).toContain('  ✗ doubles 21 0/1');
      expect(screen).toContain('  → hint 1/2: double level 1: twice the input');
      expect(screen).toContain('Progress: 1/2 exercises complete');
      expect(screen).toContain('Next: step 3 · 연습 01-other — 두 배 (0/1 points)');
      const cache = cacheOf().results;
      expect(cache['01-other'].gradedAt).toBeGreaterThan(cache['00-demo'].gradedAt);
    } finally {
      clearInterval(sampler);
    }
    expect(seen).toBeGreaterThan(0); // the sampler did see the gradings...
    expect(most, JSON.stringify(both)).toBe(1); // ...and never two at once
    pty.press('q');
    expect(await pty.closed()).toBe(0);
    expectTerminalRestored(pty.output);
  });
});
