// The table of contents (lessons/README.md) says which note each lesson and exercise comes from; each lesson's
// header says the same, and the top-level README's course map agrees for every exercise.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exerciseNames, lessonNames, lessonsDir } from '../readme-numbers.ts';

const toc = readFileSync(join(lessonsDir, 'README.md'), 'utf8');
const topReadme = readFileSync(join(lessonsDir, '..', 'README.md'), 'utf8');

/** Source cells of the table of contents: lesson number or exercise id → "002 §3 · §7, 연습 3". */
function tocSources(): Map<string, string> {
  const sources = new Map<string, string>();
  for (const m of toc.matchAll(/^\| \d+ \| (?:레슨 \[(\d\d)\.|연습 \[`([\w-]+)`\])[^|]*\| ([^|]+) \|/gm)) sources.set(m[1] ?? m[2], m[3].trim());
  return sources;
}

/** The top-level README's course map, written in Korean terms so it compares with the table of contents. */
function courseMapSources(): Map<string, string> {
  const section = topReadme.split(/^## Exercises$/m)[1]?.split(/^## /m)[0] ?? '';
  const sources = new Map<string, string>();
  for (const m of section.matchAll(/^\| `([\w-]+)` \| [^\n]*\| ([^|\n]+) \|$/gm)) {
    sources.set(m[1], m[2].trim().replace(/\bex\. /g, '연습 ').replace('(not a note exercise)', '(노트의 연습 아님)'));
  }
  return sources;
}

describe('table of contents', () => {
  const sources = tocSources();

  it('names a source for every lesson and every exercise', () => {
    for (const lesson of lessonNames()) expect(sources.get(lesson.slice(0, 2)), `lesson ${lesson}`).toMatch(/\d{3}/);
    for (const id of exerciseNames()) expect(sources.get(id), `exercise ${id}`).toMatch(/\d{3}/);
  });

  it('lists note 002\'s five exercises where the course map puts them (02, 04, 06, 07, 05)', () => {
    const byNoteExercise = [1, 2, 3, 4, 5].map((n) => exerciseNames().find((id) => sources.get(id)?.startsWith(`002 연습 ${n}`)));
    expect(byNoteExercise).toEqual(['02-hidden-shapes', '04-sine-prediction', '06-bidirectional-sentiment', '07-gradient-clipping', '05-sequence-tagging']);
  });

  it.each(lessonNames())('lesson %s: its header names the same notes', (lesson) => {
    const header = readFileSync(join(lessonsDir, lesson, 'README.md'), 'utf8').match(/^> 출처 노트: (.+?)(?: — .*)?$/m);
    expect(header?.[1], `${lesson}/README.md has no "> 출처 노트: …" line`).toBe(sources.get(lesson.slice(0, 2)));
  });

  it('agrees with the course map of the top-level README for every exercise', () => {
    const map = courseMapSources();
    expect([...map.keys()]).toEqual(exerciseNames());
    for (const id of exerciseNames()) expect(map.get(id), id).toBe(sources.get(id));
  });
});
