// Survivor classification: `grader/suites/<id>.survivors.json`, beside the suite, lists the mutants
// that survive on purpose, each with a class and the reason:
//   equivalent    it cannot change behaviour (why: the argument)
//   given         the starter already gives it, or the README does not ask for it
//   message       it changes only the text of an error or a log line
//   unclassified  written by `--write-survivors` for someone to classify; still counts as unclassified
// An entry matches a mutant by file + original lines + mutated lines (+ mutator when given), all
// compared with comments dropped and whitespace collapsed (normalizeCode) — never by line number.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { normalizeCode } from './mutants.ts';
import type { Mutant, MutantResult } from './types.ts';

export const SURVIVOR_CLASSES = ['equivalent', 'given', 'message', 'unclassified'] as const;
export type SurvivorClass = (typeof SURVIVOR_CLASSES)[number];

export interface SurvivorEntry {
  /** The file, relative to the exercise folder. */
  file: string;
  /** The mutator's name; when absent, any mutator matches. */
  mutator?: string;
  /** The lines the mutant touches, as they are in the solution. */
  original: string;
  /** The same lines with the mutant applied. */
  replacement: string;
  class: SurvivorClass;
  why: string;
}

/** A survivors file that cannot be read as a list of entries: a bad input (exit 2). */
export class SurvivorsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SurvivorsFileError';
  }
}

/** The entries of a survivors file; none when it does not exist. */
export function loadSurvivors(path: string): SurvivorEntry[] {
  if (!existsSync(path)) return [];
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SurvivorsFileError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(data)) throw new SurvivorsFileError(`${path}: expected a JSON list of entries`);
  return data.map((entry, index) => {
    const where = `${path}: entry ${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new SurvivorsFileError(`${where}: expected an object`);
    const record = entry as Record<string, unknown>;
    for (const key of ['file', 'original', 'replacement', 'class', 'why']) {
      if (typeof record[key] !== 'string') throw new SurvivorsFileError(`${where}: "${key}" must be a string`);
    }
    if (record.mutator !== undefined && typeof record.mutator !== 'string') throw new SurvivorsFileError(`${where}: "mutator" must be a string when given`);
    if (!(SURVIVOR_CLASSES as readonly string[]).includes(record.class as string)) {
      throw new SurvivorsFileError(`${where}: "class" must be one of ${SURVIVOR_CLASSES.join(', ')}, got "${String(record.class)}"`);
    }
    if (record.class !== 'unclassified' && (record.why as string).trim() === '') throw new SurvivorsFileError(`${where}: "why" must say why (class ${String(record.class)})`);
    return {
      file: record.file as string,
      ...(record.mutator !== undefined ? { mutator: record.mutator as string } : {}),
      original: record.original as string,
      replacement: record.replacement as string,
      class: record.class as SurvivorClass,
      why: record.why as string,
    };
  });
}

export function matches(entry: SurvivorEntry, mutant: Mutant): boolean {
  return entry.file === mutant.file
    && (entry.mutator === undefined || entry.mutator === mutant.mutator)
    && normalizeCode(entry.original) === mutant.original
    && normalizeCode(entry.replacement) === mutant.mutated;
}

export interface Classification {
  /** Survivors with an entry of class equivalent, given or message. */
  classified: { mutant: MutantResult; entry: SurvivorEntry }[];
  /** Survivors with no entry, or only an entry of class unclassified. */
  unclassified: { mutant: MutantResult; entry?: SurvivorEntry }[];
  /** Entries that explain no survivor: they match no mutant, or only killed ones. */
  stale: { entry: SurvivorEntry; reason: 'matches no mutant' | 'its mutant is killed now' }[];
}

/** Sorts an exercise's survivors by its entries. */
export function classify(results: readonly MutantResult[], entries: readonly SurvivorEntry[]): Classification {
  const out: Classification = { classified: [], unclassified: [], stale: [] };
  for (const mutant of results) {
    if (mutant.status !== 'survived') continue;
    const found = entries.filter((entry) => matches(entry, mutant));
    const explaining = found.find((entry) => entry.class !== 'unclassified');
    if (explaining) out.classified.push({ mutant, entry: explaining });
    else out.unclassified.push({ mutant, ...(found[0] ? { entry: found[0] } : {}) });
  }
  for (const entry of entries) {
    const matched = results.filter((mutant) => mutant.status !== 'invalid' && matches(entry, mutant));
    if (matched.length === 0) out.stale.push({ entry, reason: 'matches no mutant' });
    else if (matched.every((mutant) => mutant.status === 'killed')) out.stale.push({ entry, reason: 'its mutant is killed now' });
  }
  return out;
}

/** The entry that would classify a mutant (class unclassified, why empty): what --write-survivors appends. */
export function entryFor(mutant: Mutant, survivorClass: SurvivorClass = 'unclassified', why = ''): SurvivorEntry {
  return { file: mutant.file, mutator: mutant.mutator, original: mutant.original, replacement: mutant.mutated, class: survivorClass, why };
}

/** Appends entries for the survivors that no entry matches yet; returns how many were added. */
export function appendUnclassified(path: string, survivors: readonly Mutant[]): number {
  const entries = loadSurvivors(path);
  const added: SurvivorEntry[] = [];
  for (const mutant of survivors) {
    if (![...entries, ...added].some((entry) => matches(entry, mutant))) added.push(entryFor(mutant));
  }
  if (added.length === 0) return 0;
  writeFileSync(path, JSON.stringify([...entries, ...added], null, 2) + '\n');
  return added.length;
}
