// Colour only on a terminal; NO_COLOR and FORCE_COLOR override; recorded output never carries ANSI codes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ansi, colorEnabled, paint, stripAnsi } from '../../scripts/ex/terminal.ts';

const root = join(import.meta.dirname, '..', '..');

describe('colorEnabled', () => {
  it('colours a TTY, not a pipe or a file', () => {
    expect(colorEnabled({ isTTY: true, env: {} })).toBe(true);
    expect(colorEnabled({ isTTY: false, env: {} })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { TERM: 'dumb' } })).toBe(false);
  });

  it('honours NO_COLOR (non-empty) and FORCE_COLOR', () => {
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: '' } })).toBe(true);
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: '1' } })).toBe(true);
    expect(colorEnabled({ isTTY: true, env: { FORCE_COLOR: '0' } })).toBe(false);
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).toBe(true);
  });

  it('writes no escape codes when colour is off', () => {
    expect(ansi('red', false)).toBe('');
    expect(paint('blue', 'x', false)).toBe('x');
    expect(paint('blue', 'x', true)).toBe('\x1b[34mx\x1b[0m');
    expect(stripAnsi(paint('blue', 'x', true))).toBe('x');
  });
});

describe('npm run lesson in a pipe', () => {
  const run = (env: Record<string, string>) => {
    const { FORCE_COLOR: _force, NO_COLOR: _no, ...rest } = process.env;
    return spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['lessons/run.ts', '8', '--hidden-size', '8'], {
      cwd: root,
      env: { ...rest, ...env },
      encoding: 'utf8',
    });
  };

  it('prints plain text to a pipe and colour only when FORCE_COLOR asks for it', () => {
    const piped = run({});
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stdout).toContain('RNNCell(4, 8)'); // the option reached main()
    expect(piped.stdout).not.toContain('\x1b[');
    const forced = run({ FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\x1b[');
  }, 60_000);
});
