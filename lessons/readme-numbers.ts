// Every number a lesson README states about its demo sits between markers the demo fills:
//   <!-- demo:NAME -->…<!-- /demo -->
// NAME is a block, table or value the demo recorded in its Transcript (see transcript.ts).
// `npm run lesson -- --sync` rewrites the READMEs from fresh demo runs; `--check` only reports.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Transcript } from './transcript.ts';

export const lessonsDir = dirname(fileURLToPath(import.meta.url));

const marker = /<!-- demo:([\w-]+) -->([\s\S]*?)<!-- \/demo -->/g;

export interface Marker {
  name: string;
  content: string;
}

export function readmeMarkers(markdown: string): Marker[] {
  return [...markdown.matchAll(marker)].map((m) => ({ name: m[1], content: m[2] }));
}

export interface Filled {
  text: string;
  /** Markers whose name the demo did not record. */
  unknown: string[];
  /** Markers whose content changed. */
  changed: { name: string; was: string; now: string }[];
}

/** The README with every marker's content replaced by what the transcript recorded. */
export function fillReadme(markdown: string, transcript: Transcript): Filled {
  const unknown: string[] = [];
  const changed: Filled['changed'] = [];
  const text = markdown.replace(marker, (whole, name: string, was: string) => {
    const now = transcript.contentFor(name);
    if (now === undefined) {
      unknown.push(name);
      return whole;
    }
    if (now !== was) changed.push({ name, was, now });
    return `<!-- demo:${name} -->${now}<!-- /demo -->`;
  });
  return { text, unknown, changed };
}

export function lessonNames(): string[] {
  return readdirSync(lessonsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d\d-/.test(e.name))
    .map((e) => e.name)
    .sort();
}

/** A lesson's demo run quietly with its defaults: the transcript the README quotes. */
export async function demoTranscript(lesson: string): Promise<Transcript> {
  const demo = (await import(pathToFileURL(join(lessonsDir, lesson, 'demo.ts')).href)) as {
    main: (o: { quiet: boolean }) => Promise<{ transcript: Transcript }>;
  };
  return (await demo.main({ quiet: true })).transcript;
}

/** Runs every demo and rewrites (or, with check, only compares) the README markers. Returns the number of stale READMEs. */
export async function syncReadmes({ check = false, only }: { check?: boolean; only?: string[] } = {}): Promise<number> {
  let stale = 0;
  for (const lesson of only ?? lessonNames()) {
    const path = join(lessonsDir, lesson, 'README.md');
    const markdown = readFileSync(path, 'utf8');
    if (readmeMarkers(markdown).length === 0) {
      console.log(`${lesson}: no <!-- demo:NAME --> markers`);
      continue;
    }
    const started = Date.now();
    const filled = fillReadme(markdown, await demoTranscript(lesson));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    for (const name of filled.unknown) console.error(`${lesson}: the demo records nothing named "${name}"`);
    if (filled.unknown.length) stale++;
    if (filled.changed.length === 0) {
      console.log(`${lesson}: in sync (${seconds} s)`);
      continue;
    }
    const names = filled.changed.map((c) => c.name).join(', ');
    if (check) {
      stale++;
      console.error(`${lesson}: README differs from the demo in ${names}`);
    } else {
      writeFileSync(path, filled.text);
      console.log(`${lesson}: updated ${names} (${seconds} s)`);
    }
  }
  return stale;
}

// Exercise READMEs quote `npm run ex -- <id> --solution`: a block between
//   <!-- run-output: REGEX -->…<!-- /run-output -->
// holds the lines of that run (colour removed) that match REGEX, in a text fence.
const runMarker = /<!-- run-output: (.+?) -->([\s\S]*?)<!-- \/run-output -->/g;
export const exercisesDir = join(lessonsDir, '..', 'exercises');
const solutionsDir = join(lessonsDir, '..', 'solutions');

export function exerciseNames(): string[] {
  return readdirSync(exercisesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d\d-/.test(e.name))
    .map((e) => e.name)
    .sort();
}

export function runMarkers(markdown: string): { pattern: string; content: string }[] {
  return [...markdown.matchAll(runMarker)].map((m) => ({ pattern: m[1], content: m[2] }));
}

/** The README with every run-output marker filled from `lines` (the printed lines of one run). */
export function fillRunOutput(markdown: string, lines: string[]): Filled {
  const changed: Filled['changed'] = [];
  const text = markdown.replace(runMarker, (_whole, pattern: string, was: string) => {
    const regex = new RegExp(pattern);
    const now = `\n\`\`\`text\n${lines.filter((l) => regex.test(l)).map((l) => l.replace(/\s+$/, '')).join('\n')}\n\`\`\`\n`;
    if (now !== was) changed.push({ name: pattern, was, now });
    return `<!-- run-output: ${pattern} -->${now}<!-- /run-output -->`;
  });
  return { text, unknown: [], changed };
}

/** Runs solutions/<id>/run.ts with colour off and returns what it printed, line by line. */
export async function solutionRunLines(id: string): Promise<string[]> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { format } = await import('node:util');
  const { stripAnsi } = await import('../scripts/ex/terminal.ts');
  const outDir = mkdtempSync(join(tmpdir(), `run-${id}-`));
  const lines: string[] = [];
  const original = console.log;
  console.log = (...parts: unknown[]) => lines.push(...stripAnsi(format(...parts)).split('\n'));
  try {
    const run = (await import(pathToFileURL(join(solutionsDir, id, 'run.ts')).href)) as { main: (o: { outDir: string }) => Promise<void> };
    await run.main({ outDir });
  } finally {
    console.log = original;
    rmSync(outDir, { recursive: true, force: true });
  }
  return lines;
}

/** Rewrites (or, with check, compares) the run-output blocks of the exercise READMEs. Returns the number of stale READMEs. */
export async function syncExerciseReadmes({ check = false }: { check?: boolean } = {}): Promise<number> {
  let stale = 0;
  for (const id of exerciseNames()) {
    const path = join(exercisesDir, id, 'README.md');
    const markdown = readFileSync(path, 'utf8');
    if (runMarkers(markdown).length === 0) continue;
    const filled = fillRunOutput(markdown, await solutionRunLines(id));
    if (filled.changed.length === 0) {
      console.log(`exercises/${id}: in sync`);
    } else if (check) {
      stale++;
      console.error(`exercises/${id}: README differs from npm run ex -- ${id.slice(0, 2)} --solution`);
    } else {
      writeFileSync(path, filled.text);
      console.log(`exercises/${id}: updated`);
    }
  }
  return stale;
}
