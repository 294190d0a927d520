// The mutants of one exercise: Stryker's and ours, for every solution file, kept only where they
// change learner code (regions.ts), deduplicated (two mutants that give the same file are one), and
// checked to parse (a patch that does not parse is 'invalid' and never graded).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { learnerRegions, lineStarts, messageSpans, parseSource, positionOf, syntaxError, touchesOnlyLearnerCode, within } from './regions.ts';
import { strykerPatches } from './stryker-mutants.ts';
import { numericPatches } from './numeric-mutants.ts';
import type { Mutant, Patch } from './types.ts';

/** Applies a patch to a text. */
export function applyPatch(text: string, patch: Pick<Patch, 'start' | 'end' | 'replacement'>): string {
  return text.slice(0, patch.start) + patch.replacement + text.slice(patch.end);
}

/** Code without comments, with every run of whitespace one space: what identifies a mutant's lines. */
export function normalizeCode(text: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, text);
  let out = '';
  let gap = false;
  // Braces open either a block/object or, after `${`, a template's expression: its `}` resumes the template's text.
  const braces: ('brace' | 'template')[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.OpenBraceToken) braces.push('brace');
    else if (kind === ts.SyntaxKind.TemplateHead) braces.push('template');
    else if (kind === ts.SyntaxKind.CloseBraceToken && braces.pop() === 'template') {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateMiddle) braces.push('template');
    }
    const trivia = kind === ts.SyntaxKind.WhitespaceTrivia || kind === ts.SyntaxKind.NewLineTrivia
      || kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia;
    if (trivia) { gap = true; continue; }
    if (gap && out !== '') out += ' ';
    gap = false;
    out += scanner.getTokenText();
  }
  return out;
}

/** The whole lines a span touches: [offset of the first line's start, offset of the last line's end). */
export function touchedLines(text: string, start: number, end: number): { from: number; to: number } {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const last = Math.max(start, end - 1);
  const newline = text.indexOf('\n', last);
  return { from, to: newline === -1 ? text.length : newline };
}

export interface FileMutants {
  mutants: Mutant[];
  /** Patches that would not parse: never graded. */
  invalid: Mutant[];
}

/** The mutants of one file's text (`file` is its name relative to the exercise folder). */
export async function mutantsOfText(text: string, file: string, exerciseId: string): Promise<FileMutants> {
  const regions = learnerRegions(text);
  if (regions.length === 0) return { mutants: [], invalid: [] };
  const source = parseSource(text, file);
  const messages = messageSpans(source);
  const patches = [...await strykerPatches(text, file), ...numericPatches(source)]
    .filter((patch) => touchesOnlyLearnerCode(patch, regions, text) && !within(patch, messages))
    .filter((patch) => text.slice(patch.start, patch.end) !== patch.replacement)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const starts = lineStarts(text);
  const seen = new Set<string>();
  const result: FileMutants = { mutants: [], invalid: [] };
  for (const patch of patches) {
    const patched = applyPatch(text, patch);
    const key = normalizeCode(patched);
    if (seen.has(key)) continue;
    seen.add(key);
    const { from, to } = touchedLines(text, patch.start, patch.end);
    const lines = text.slice(from, to);
    const mutatedLines = applyPatch(lines, { start: patch.start - from, end: patch.end - from, replacement: patch.replacement });
    const mutant: Mutant = {
      ...patch,
      id: `${exerciseId}:${file}:${result.mutants.length + result.invalid.length + 1}`,
      exerciseId,
      file,
      ...positionOf(starts, patch.start),
      original: normalizeCode(lines),
      mutated: normalizeCode(mutatedLines),
    };
    (syntaxError(patched, file) === null ? result.mutants : result.invalid).push(mutant);
  }
  return result;
}

/** The .ts files of an exercise folder (sorted, relative paths; subfolders included). */
export function exerciseFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) files.push(path);
    }
  };
  walk('');
  return files;
}

/** Every mutant of an exercise's solution folder. */
export async function mutantsOfExercise(dir: string, exerciseId: string): Promise<FileMutants> {
  const all: FileMutants = { mutants: [], invalid: [] };
  for (const file of exerciseFiles(dir)) {
    const { mutants, invalid } = await mutantsOfText(readFileSync(join(dir, file), 'utf8'), file, exerciseId);
    all.mutants.push(...mutants);
    all.invalid.push(...invalid);
  }
  return all;
}
