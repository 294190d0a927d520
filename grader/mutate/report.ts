// The report of a mutation run: per exercise the counts, the raw score (killed / all mutants) and
// the score detected / (detected + unclassified survivors), then only the NEW survivors (no entry
// classifies them) with file:line and the patch, and the stale entries (they explain no survivor).
import type { Baseline } from './runner.ts';
import type { Classification, SurvivorClass } from './survivors.ts';
import type { MutantResult } from './types.ts';

export interface ExerciseReport {
  id: string;
  /** The survivors file of this exercise (as shown). */
  survivorsFile: string;
  baseline: Baseline;
  /** Graded mutants (valid patches). */
  mutants: number;
  /** Patches that did not parse (not graded, not counted). */
  invalid: number;
  killed: number;
  survived: number;
  classified: number;
  unclassified: number;
  byClass: Record<Exclude<SurvivorClass, 'unclassified'>, number>;
  /** killed / mutants, in percent (null without mutants). */
  rawScore: number | null;
  /** killed / (killed + unclassified survivors), in percent (null when both are 0). */
  detectedScore: number | null;
  /** Grading time of this exercise, summed over its baselines and mutants (ms). */
  gradingMs: number;
  classification: Classification;
  results: MutantResult[];
}

export interface MutationReport {
  seeds: number[];
  concurrency: number;
  /** Wall-clock time of the whole run (ms). */
  wallMs: number;
  exercises: ExerciseReport[];
}

export function exerciseReport(
  id: string, survivorsFile: string, baseline: Baseline, results: MutantResult[], invalid: number, classification: Classification,
): ExerciseReport {
  const graded = results.filter((result) => result.status !== 'invalid');
  const killed = graded.filter((result) => result.status === 'killed').length;
  const byClass = { equivalent: 0, given: 0, message: 0 };
  for (const { entry } of classification.classified) byClass[entry.class as keyof typeof byClass]++;
  const unclassified = classification.unclassified.length;
  return {
    id, survivorsFile, baseline,
    mutants: graded.length,
    invalid,
    killed,
    survived: graded.length - killed,
    classified: classification.classified.length,
    unclassified,
    byClass,
    rawScore: graded.length > 0 ? (100 * killed) / graded.length : null,
    detectedScore: killed + unclassified > 0 ? (100 * killed) / (killed + unclassified) : null,
    gradingMs: baseline.ms + graded.reduce((sum, result) => sum + result.ms, 0),
    classification,
    results,
  };
}

const percent = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)}%`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
const clip = (text: string, max = 240) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Exit code: 2 when an exercise's own solution lost points (the run means nothing), 1 with any unclassified survivor, else 0. */
export function exitCodeOf(report: MutationReport): 0 | 1 | 2 {
  if (report.exercises.some((exercise) => !exercise.baseline.ok)) return 2;
  return report.exercises.some((exercise) => exercise.unclassified > 0) ? 1 : 0;
}

export function renderReport(report: MutationReport, solutionsLabel: string): string {
  const lines: string[] = [];
  const headers = ['exercise', 'mutants', 'killed', 'survived', 'classified', 'new', 'raw', 'detected', 'time'];
  const rows = report.exercises.map((e) => e.baseline.ok
    ? [e.id, String(e.mutants), String(e.killed), String(e.survived), String(e.classified), String(e.unclassified), percent(e.rawScore), percent(e.detectedScore), seconds(e.gradingMs)]
    : [e.id, '—', '—', '—', '—', '—', '—', '—', seconds(e.gradingMs)]);
  const total = report.exercises.filter((e) => e.baseline.ok);
  const sum = (pick: (e: ExerciseReport) => number) => total.reduce((s, e) => s + pick(e), 0);
  const killed = sum((e) => e.killed);
  const mutants = sum((e) => e.mutants);
  const unclassified = sum((e) => e.unclassified);
  if (report.exercises.length > 1) {
    rows.push(['total', String(mutants), String(killed), String(sum((e) => e.survived)), String(sum((e) => e.classified)), String(unclassified),
      percent(mutants > 0 ? (100 * killed) / mutants : null), percent(killed + unclassified > 0 ? (100 * killed) / (killed + unclassified) : null), seconds(sum((e) => e.gradingMs))]);
  }
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const format = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  lines.push(`Mutation testing at seeds ${report.seeds.join(', ')}, ${report.concurrency} at a time: ${seconds(report.wallMs)} in all`);
  lines.push('raw = killed / mutants; detected = killed / (killed + new survivors); time = grading time summed over the exercise\'s mutants');
  lines.push('');
  lines.push(format(headers));
  for (const row of rows) lines.push(format(row));

  for (const exercise of report.exercises.filter((e) => !e.baseline.ok)) {
    lines.push('', `${exercise.id}: the solution itself lost points (${exercise.baseline.failure}); its mutants were not graded`);
  }
  for (const exercise of report.exercises) {
    const invalid = exercise.invalid > 0 ? ` (${exercise.invalid} patches that do not parse were left out)` : '';
    if (exercise.classification.unclassified.length > 0) {
      lines.push('', `New survivors of ${exercise.id} (full marks at every seed, not classified in ${exercise.survivorsFile})${invalid}:`);
      for (const { mutant, entry } of exercise.classification.unclassified) {
        lines.push(`  ${solutionsLabel}/${exercise.id}/${mutant.file}:${mutant.line}:${mutant.column}  [${mutant.mutator}]${entry ? '  (listed as unclassified)' : ''}`);
        lines.push(`    - ${clip(mutant.original)}`);
        lines.push(`    + ${clip(mutant.mutated)}`);
      }
    }
    if (exercise.classification.stale.length > 0) {
      lines.push('', `Stale entries in ${exercise.survivorsFile} (they explain no survivor; remove them):`);
      for (const { entry, reason } of exercise.classification.stale) {
        lines.push(`  ${entry.file}${entry.mutator ? ` [${entry.mutator}]` : ''} ${entry.class}: ${reason}`);
        lines.push(`    - ${clip(entry.original)}`);
        lines.push(`    + ${clip(entry.replacement)}`);
      }
    }
  }
  const code = exitCodeOf(report);
  lines.push('', code === 0
    ? 'Every survivor is classified.'
    : code === 1
      ? `${unclassified} unclassified survivor(s): add a check that kills each, or classify it (equivalent, given, message) with why.`
      : 'Some solution lost points: fix it (or its suite) first.');
  return lines.join('\n') + '\n';
}

/** The run as JSON (--json): every mutant with its status, per exercise. */
export function reportJson(report: MutationReport): unknown {
  return {
    seeds: report.seeds,
    concurrency: report.concurrency,
    wallMs: report.wallMs,
    exitCode: exitCodeOf(report),
    exercises: report.exercises.map((e) => ({
      id: e.id,
      survivorsFile: e.survivorsFile,
      baseline: e.baseline,
      mutants: e.mutants, invalid: e.invalid, killed: e.killed, survived: e.survived, classified: e.classified, unclassified: e.unclassified,
      byClass: e.byClass, rawScore: e.rawScore, detectedScore: e.detectedScore, gradingMs: e.gradingMs,
      newSurvivors: e.classification.unclassified.map(({ mutant }) => ({
        file: mutant.file, line: mutant.line, column: mutant.column, mutator: mutant.mutator, original: mutant.original, replacement: mutant.mutated,
      })),
      stale: e.classification.stale,
      results: e.results.map(({ id, file, line, column, mutator, original, mutated, status, killedBy, ms }) => ({
        id, file, line, column, mutator, original, replacement: mutated, status, ...(killedBy ? { killedBy } : {}), ms,
      })),
    })),
  };
}
