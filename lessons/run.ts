// `npm run lesson -- <lesson> [options]` runs lessons/<NN>-*/demo.ts (e.g. `npm run lesson -- 11 --sequence-length 30`).
// `npm run lesson` lists the lessons; `npm run lesson -- 11 --help` lists a demo's options.
// `npm run lesson -- --sync` reruns every demo (and each exercise's solution run.ts an exercise README quotes) and
// rewrites the numbers the READMEs quote (`--check`: only compare).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { resolveId } from '../scripts/course/resolve-id.ts';
import { lessonNames, lessonsDir, syncExerciseReadmes, syncReadmes } from './readme-numbers.ts';
import type { DemoOption } from './transcript.ts';


interface Demo {
  main: (options: Record<string, unknown>) => unknown;
  options?: DemoOption[];
}

function number(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`"${value}" is not a number.`);
  return n;
}

// `npm run lesson -- 05 | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const lessons = lessonNames();
const args = process.argv.slice(2);
const wanted = args.find((a) => !a.startsWith('-'));

if (args.includes('--sync') || args.includes('--check')) {
  const only = wanted ? [resolveOrExit(wanted)] : undefined;
  const check = args.includes('--check');
  let stale = await syncReadmes({ check, only });
  if (!only) stale += await syncExerciseReadmes({ check });
  process.exit(stale ? 1 : 0);
}

if (!wanted) {
  console.log(
    'Usage: npm run lesson -- <lesson> [options]   (e.g. npm run lesson -- 2, npm run lesson -- 11 --help)\n' +
      '       npm run lesson -- --sync              (rerun the demos and rewrite the numbers in the READMEs)\n\nLessons:',
  );
  for (const name of lessons) console.log(`  ${name}`);
  process.exit(0);
}

const lesson = resolveOrExit(wanted);
const demo = (await import(pathToFileURL(join(lessonsDir, lesson, 'demo.ts')).href)) as Demo;
const program = new Command()
  .name(`npm run lesson -- ${lesson.slice(0, 2)}`)
  .description(`Runs the demo of lessons/${lesson}.`)
  .argument('<lesson>', 'lesson number or part of its name')
  .option('--seed <n>', 'seed of the demo (its README shows the default)', number)
  .showHelpAfterError();
for (const option of demo.options ?? []) program.option(option.flag, option.description, number);
program.parse(process.argv);
const parsed = program.opts<Record<string, unknown>>();
const options: Record<string, unknown> = {};
if (parsed.seed !== undefined) options.seed = parsed.seed;
for (const option of demo.options ?? []) {
  const attribute = option.flag.replace(/^--/, '').replace(/ .*$/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  if (parsed[attribute] !== undefined) options[option.key] = parsed[attribute];
}
await demo.main(options);

function resolveOrExit(query: string): string {
  const found = resolveId(query, lessons, 'lesson');
  if (found.ok) return found.id;
  console.error(found.message);
  process.exit(2);
}
