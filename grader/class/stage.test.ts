import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateSubmission, stageSubmission, SubmissionError } from './stage.ts';

const temporary: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stage-test-'));
  temporary.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function write(path: string, text = 'export const x = 1;\n'): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

describe('locating and staging a submission', () => {
  it('accepts loose folders, exercises/ and a repository, and copies only exercise files', () => {
    const root = scratch();
    write(join(root, 'loose', '01-a', 'a.ts'));
    write(join(root, 'inner', 'exercises', '01-a', 'a.ts'));
    write(join(root, 'repo', 'exercises', '01-a', 'a.ts'));
    write(join(root, 'repo', 'package.json'), '{}');
    write(join(root, 'repo', 'grader', 'suites', '01-a.test.ts'), 'tampered');
    expect(locateSubmission(join(root, 'loose')).layout).toBe('loose');
    expect(locateSubmission(join(root, 'inner')).layout).toBe('exercises');
    const staged = stageSubmission(join(root, 'repo'), join(root, 'staged'));
    expect(staged.layout).toBe('repository');
    expect(readdirSync(join(root, 'staged'))).toEqual(['01-a']);
    expect(existsSync(join(root, 'staged', '01-a', 'a.ts'))).toBe(true);
  });

  it('leaves out symbolic links and hidden entries', () => {
    const root = scratch();
    write(join(root, 'sub', '01-a', 'a.ts'));
    write(join(root, 'secret.ts'), 'secret');
    symlinkSync(join(root, 'secret.ts'), join(root, 'sub', '01-a', 'link.ts'));
    write(join(root, 'sub', '01-a', '.hidden.ts'));
    const staged = stageSubmission(join(root, 'sub'), join(root, 'staged'));
    expect(readdirSync(join(root, 'staged', '01-a'))).toEqual(['a.ts']);
    expect(staged.skipped).toEqual(['01-a/.hidden.ts (hidden or node_modules)', '01-a/link.ts (symbolic link)']);
  });

  it('says what was expected and what was found when there are no exercise folders', () => {
    const root = scratch();
    write(join(root, 'notes.txt'), 'hi');
    expect(() => locateSubmission(root)).toThrow(SubmissionError);
    expect(() => locateSubmission(root)).toThrow(/expected exercise folders such as 01-rnn-cell\/.*it holds "notes.txt"/);
    expect(() => locateSubmission(join(root, 'missing'))).toThrow(/does not exist/);
  });
});
