// The hint levels revealed so far, as lines: the earlier ones dimmed, the newest marked with an arrow
// (the arrow keeps them apart without colour too). Used by `npm run hint` and `npm run watch`.
import type { ChalkInstance } from 'chalk';

/** Lines for levels 0..upTo of `hints` (clamped), each "hint k/n: text"; the last one is marked "→". */
export function levelLines(hints: readonly string[], upTo: number, c: ChalkInstance, indent = '  '): string[] {
  if (hints.length === 0) return [];
  const last = Math.max(0, Math.min(hints.length - 1, upTo));
  const lines: string[] = [];
  for (let level = 0; level <= last; level++) {
    const label = `hint ${level + 1}/${hints.length}:`;
    lines.push(level === last
      ? `${indent}${c.bold('→')} ${c.cyan(label)} ${hints[level]}`
      : `${indent}  ${c.dim(`${label} ${hints[level]}`)}`);
  }
  return lines;
}
