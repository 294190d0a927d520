// lib/README.md documents every export of lib/index.ts (and of its namespaces nn, optim, utils,
// linalg): a new export without a line in the reference fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as lib from '../index.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const indexSource = readFileSync(new URL('../index.ts', import.meta.url), 'utf8');

/** Documented means: the name appears in backticks, alone or followed by an argument list, e.g. `nn.LSTM(…)`. */
function documented(name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp('`' + escaped + '(`|\\(|\\.)').test(readme) || new RegExp('`[^`]*\\b' + escaped + '\\b[^`]*`').test(readme.split('\n').filter((l) => l.includes('| `')).join('\n'));
}

const namespaces = ['nn', 'optim', 'utils', 'linalg'] as const;
const runtimeNames = [
  ...Object.keys(lib).filter((k) => !(namespaces as readonly string[]).includes(k)),
  ...namespaces.flatMap((ns) => Object.keys(lib[ns]).map((k) => `${ns}.${k}`)),
];
// Type-only exports leave no runtime trace: read them from index.ts.
const typeNames = [...indexSource.matchAll(/\btype (\w+)/g)].map((m) => m[1]);

describe('lib/README.md documents every export', () => {
  it('finds the exports it checks (the list is not empty by accident)', () => {
    expect(runtimeNames).toContain('nn.LSTM');
    expect(runtimeNames).toContain('setBackend');
    expect(typeNames).toContain('TensorLike');
    expect(documented('nn.NotAnExport')).toBe(false);
  });

  it.each([...runtimeNames, ...typeNames])('%s', (name) => {
    expect(documented(name), `${name} is exported by lib/index.ts but not documented in lib/README.md`).toBe(true);
  });
});
