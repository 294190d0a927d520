import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './make-starters.ts';
import { hasMarkers } from './markers.ts';
import { SOLUTIONS_DIR, compareStarters, generateStarters, listFiles, writeStarters } from './starters.ts';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'starters-test-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** A tiny solutions folder: one marked file, one copied as it is. */
function miniSolutions(): string {
  const dir = tempDir();
  mkdirSync(join(dir, '01-demo'));
  writeFileSync(
    join(dir, '01-demo', 'demo.ts'),
    ['//> import { todo } from "./todo.ts";', 'export function f(): number {', '  // BEGIN SOLUTION', '  return 1;', '  // STARTER', "  //> return todo('f');", '  // END SOLUTION', '}', ''].join('\n'),
  );
  writeFileSync(join(dir, '01-demo', 'run.ts'), 'export const run = 1;\n');
  return dir;
}

describe('the course solutions', () => {
  const solutionFiles = listFiles(SOLUTIONS_DIR);
  const starters = generateStarters();

  it('generate one starter per solution file, with no marker left', () => {
    expect(solutionFiles.length).toBeGreaterThan(40);
    expect([...starters.keys()]).toEqual(solutionFiles);
    for (const [path, text] of starters) expect(hasMarkers(text), `${path} still has a marker`).toBe(false);
  });

  it('turn every marked file into a starter that calls todo() and no longer holds the solution', () => {
    const marked = solutionFiles.filter((path) => hasMarkers(readFileSync(join(SOLUTIONS_DIR, path), 'utf8')));
    expect(marked.length).toBeGreaterThan(25);
    for (const path of marked) {
      const starter = starters.get(path)!;
      expect(starter, path).toMatch(/\btodo\(/);
      expect(starter, path).not.toBe(readFileSync(join(SOLUTIONS_DIR, path), 'utf8'));
    }
  });
});

describe('writeStarters and compareStarters', () => {
  it('write the starters, then find them in step; an exercise README is never compared', () => {
    const solutions = miniSolutions();
    const exercises = tempDir();
    expect(writeStarters(exercises, solutions)).toEqual(['01-demo/demo.ts', '01-demo/run.ts']);
    expect(readFileSync(join(exercises, '01-demo', 'demo.ts'), 'utf8')).toBe(
      ['import { todo } from "./todo.ts";', 'export function f(): number {', "  return todo('f');", '}', ''].join('\n'),
    );
    writeFileSync(join(exercises, '01-demo', 'README.md'), '# written by hand\n');
    expect(compareStarters(exercises, solutions)).toEqual([]);
    expect(writeStarters(exercises, solutions)).toEqual([]); // nothing to rewrite
  });

  it('name a changed file, a missing file and a file only in exercises/', () => {
    const solutions = miniSolutions();
    const exercises = tempDir();
    writeStarters(exercises, solutions);
    writeFileSync(join(exercises, '01-demo', 'demo.ts'), 'export function f(): number { return 1; }\n');
    rmSync(join(exercises, '01-demo', 'run.ts'));
    writeFileSync(join(exercises, '01-demo', 'extra.ts'), 'export {};\n');
    expect(compareStarters(exercises, solutions)).toEqual([
      { path: '01-demo/demo.ts', problem: 'differs' },
      { path: '01-demo/extra.ts', problem: 'only in exercises' },
      { path: '01-demo/run.ts', problem: 'missing from exercises' },
    ]);
  });

  it('refuse a solutions folder that is not there', () => {
    expect(() => generateStarters(join(tempDir(), 'nope'))).toThrow(/the solutions: expected a directory, got nothing at/);
  });
});

describe('npm run starters', () => {
  function run(args: string[]): { code: number; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    const code = main(args);
    vi.restoreAllMocks();
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('--check exits 1 and names each differing file without writing; then writing brings it in step', () => {
    const solutions = miniSolutions();
    const exercises = tempDir();
    mkdirSync(join(exercises, '01-demo'));
    writeFileSync(join(exercises, '01-demo', 'demo.ts'), 'stale\n');
    const check = run(['--check', '--solutions', solutions, '--exercises', exercises]);
    expect(check.code).toBe(1);
    expect(check.err).toContain('differs: 01-demo/demo.ts');
    expect(check.err).toContain('missing from exercises: 01-demo/run.ts');
    expect(readFileSync(join(exercises, '01-demo', 'demo.ts'), 'utf8')).toBe('stale\n');

    expect(run(['--solutions', solutions, '--exercises', exercises]).code).toBe(0);
    const again = run(['--check', '--solutions', solutions, '--exercises', exercises]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('in step');
  });

  it('exits 2 with file:line for a malformed marker', () => {
    const solutions = miniSolutions();
    writeFileSync(join(solutions, '01-demo', 'broken.ts'), 'a\n// BEGIN SOLUTION\nb\n');
    const result = run(['--check', '--solutions', solutions, '--exercises', tempDir()]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/01-demo\/broken\.ts:2: "\/\/ BEGIN SOLUTION" is never closed/);
  });
});
