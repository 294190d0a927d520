// The course's order, read from the table of contents in lessons/README.md ("학습 순서"): each row
// is a step that names one lesson (a link to ./<lesson>/README.md) or one exercise (a link to
// ../exercises/<id>/README.md). Parsed, not hard-coded, so a new exercise row counts at once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TocStep {
  /** The step number of the row. */
  step: number;
  kind: 'lesson' | 'exercise';
  /** The exercise id (01-rnn-cell) or the lesson folder (05-sine-prediction). */
  id: string;
  /** The link text without markdown (`01-rnn-cell`, `05. 사인파 다음 값 예측`). */
  title: string;
  /** The row's "what to read / do" text without markdown. */
  text: string;
  /** The README it links to, relative to the course root (exercises/01-rnn-cell/README.md, lessons/05-…/README.md). */
  path: string;
}

export function tocFile(courseRoot: string): string {
  return join(courseRoot, 'lessons', 'README.md');
}

function plain(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The table's rows that name a lesson or an exercise, in the table's order; other lines are ignored. */
export function parseToc(markdown: string): TocStep[] {
  const steps: TocStep[] = [];
  for (const line of markdown.split('\n')) {
    const row = line.trim();
    if (!row.startsWith('|')) continue;
    const cells = row.replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim());
    if (cells.length < 2 || !/^\d+$/.test(cells[0])) continue;
    const cell = cells[1];
    const exercise = /\[([^\]]*)\]\(\.\.\/exercises\/([^/)]+)\/?[^)]*\)/.exec(cell);
    const lesson = /\[([^\]]*)\]\(\.\/([^/)]+)\/[^)]*\)/.exec(cell);
    const link = exercise ?? lesson;
    if (!link) continue;
    const id = link[2];
    steps.push({
      step: Number(cells[0]),
      kind: exercise ? 'exercise' : 'lesson',
      id,
      title: plain(link[1]),
      text: plain(cell),
      path: exercise ? `exercises/${id}/README.md` : `lessons/${id}/README.md`,
    });
  }
  return steps;
}

/** The steps of the course's table of contents; none when the file is missing or holds no such table. */
export function readToc(file: string): TocStep[] {
  try {
    return parseToc(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

/** The lesson row right before an exercise's row (the lesson the exercise practises), if any. */
export function lessonBefore(steps: readonly TocStep[], exerciseId: string): TocStep | undefined {
  const at = steps.findIndex((step) => step.kind === 'exercise' && step.id === exerciseId);
  if (at < 0) return undefined;
  for (let i = at - 1; i >= 0; i--) if (steps[i].kind === 'lesson') return steps[i];
  return undefined;
}
