// The per-exercise mutation scores as a Markdown table kept in grader/README.md between
// `<!-- mutation-scores -->` and `<!-- /mutation-scores -->`. `npm run mutate -- --scores <file>`
// writes the rows of the exercises it ran (other rows stay), and `--check-scores <file>` fails when
// the table says something the run does not: the README's numbers are the run's numbers. The
// wall time is written beside the table but never checked (it depends on the machine).
import type { ExerciseReport } from './report.ts';

export const BEGIN_MARK = '<!-- mutation-scores -->';
export const END_MARK = '<!-- /mutation-scores -->';

const HEADER = [
  '| exercise | mutants | killed | survivors: equivalent | given | message | real gaps open | raw | detected / (detected + real gaps) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
];

const percent = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} %`);

/** One table row of an exercise whose solution graded at full marks. */
export function scoreRow(e: ExerciseReport): string {
  const cells = [
    `\`${e.id}\``, String(e.mutants), String(e.killed),
    String(e.byClass.equivalent), String(e.byClass.given), String(e.byClass.message), String(e.unclassified),
    percent(e.rawScore), percent(e.detectedScore),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** The exercise id of a row, or null for a line that is not an exercise row. */
function rowId(line: string): string | null {
  const match = /^\|\s*`([^`]+)`\s*\|/.exec(line);
  return match ? match[1] : null;
}

export class ScoresTableError extends Error {}

/** The rows of the table between the marks, by exercise id. */
export function readScores(text: string, where: string): Map<string, string> {
  const begin = text.indexOf(BEGIN_MARK);
  const end = text.indexOf(END_MARK);
  if (begin < 0 || end < begin) throw new ScoresTableError(`${where} should hold the marks ${BEGIN_MARK} … ${END_MARK} (the mutation scores go between them); not found`);
  const rows = new Map<string, string>();
  for (const line of text.slice(begin + BEGIN_MARK.length, end).split('\n')) {
    const id = rowId(line.trim());
    if (id) rows.set(id, line.trim());
  }
  return rows;
}

/** The text with the table between the marks replaced: rows of `ran` replaced or added, others kept, sorted by id. */
export function writeScores(text: string, where: string, ran: readonly ExerciseReport[], note: string): string {
  const rows = readScores(text, where);
  for (const exercise of ran) if (exercise.baseline.ok) rows.set(exercise.id, scoreRow(exercise));
  const body = [...rows.keys()].sort().map((id) => rows.get(id)!);
  const begin = text.indexOf(BEGIN_MARK);
  const end = text.indexOf(END_MARK);
  return `${text.slice(0, begin)}${BEGIN_MARK}\n${[...HEADER, ...body].join('\n')}\n\n${note}\n${text.slice(end)}`;
}

/** What the table says that the run does not, one line each (empty when they agree). */
export function compareScores(text: string, where: string, ran: readonly ExerciseReport[]): string[] {
  const rows = readScores(text, where);
  const problems: string[] = [];
  for (const exercise of ran) {
    if (!exercise.baseline.ok) continue;
    const expected = scoreRow(exercise);
    const written = rows.get(exercise.id);
    if (written === undefined) problems.push(`${where} has no row for ${exercise.id}; this run gives: ${expected}`);
    else if (written !== expected) problems.push(`${where} says ${written}\n  but this run gives ${expected}`);
  }
  return problems;
}
