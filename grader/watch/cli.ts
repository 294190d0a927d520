// `npm run watch`: grades an exercise each time one of its files is saved and shows what to do next
// (app.ts). Options: --exercises <dir> (a copy of exercises/), --fresh, --seed, --no-color.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { join, resolve } from 'node:path';
import { COURSE_ROOT, resolveSeed, GraderError, type GradeLimits } from '../run.ts';
import { runWatch } from './app.ts';
import { tocFile } from './toc.ts';

interface WatchFlags {
  exercises?: string;
  fresh?: boolean;
  seed?: number;
  color: boolean;
  suitesOnly?: string;
  toc?: string;
  limits?: Partial<GradeLimits>;
}

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError(`expected an integer, got '${value}'`);
  return parsed;
}

function limitsJson(value: string): Partial<GradeLimits> {
  try {
    return JSON.parse(value) as Partial<GradeLimits>;
  } catch {
    throw new InvalidArgumentError(`expected JSON such as '{"callTimeoutMs": 2000}', got '${value}'`);
  }
}

const program = new Command('watch')
  .description('Grade an exercise each time you save one of its files; show its checks, the first failing one with its hint, and the course progress. Keys: h next hint, q quit.')
  .option('--exercises <dir>', 'the folder to watch, laid out like exercises/ (default: exercises/); hint levels and results live in .grade/ beside it')
  .option('--fresh', 'grade every exercise at start instead of using the results of an earlier watch')
  .option('--seed <n>', 'seed of the hidden checks\' inputs (default: env GRADE_SEED, else the grader\'s fixed seed)', integer)
  .option('--no-color', 'plain text output')
  // Internal: the tests watch fixture suites with a fixture table of contents and short limits.
  .addOption(new Option('--suites-only <dir>', 'use only the suites of <dir>').hideHelp())
  .addOption(new Option('--toc <file>', 'the table of contents (default lessons/README.md)').hideHelp())
  .addOption(new Option('--limits <json>', 'override time and memory limits').argParser(limitsJson).hideHelp())
  .exitOverride();

try {
  program.parse(process.argv.slice(2), { from: 'user' });
} catch (error) {
  process.exit(error instanceof CommanderError && error.exitCode === 0 ? 0 : 2);
}
const flags = program.opts<WatchFlags>();
try {
  await runWatch({
    exercisesDir: resolve(flags.exercises ?? join(COURSE_ROOT, 'exercises')),
    suiteDirs: [flags.suitesOnly ? resolve(flags.suitesOnly) : join(COURSE_ROOT, 'grader', 'suites')],
    tocFile: flags.toc ? resolve(flags.toc) : tocFile(COURSE_ROOT),
    seed: resolveSeed(flags.seed),
    ...(flags.limits ? { limits: flags.limits } : {}),
    fresh: Boolean(flags.fresh),
    // NO_COLOR (https://no-color.org) and a dumb terminal mean plain text.
    color: flags.color && !process.env.NO_COLOR && process.env.TERM !== 'dumb' && (Boolean(process.stdout.isTTY) || (Boolean(process.env.FORCE_COLOR) && process.env.FORCE_COLOR !== '0')),
    plain: process.env.TERM === 'dumb',
    stdin: process.stdin,
    stdout: process.stdout,
  });
  process.stdout.write('', () => process.exit(0));
} catch (error) {
  const message = error instanceof GraderError ? error.message : error instanceof Error ? error.stack ?? error.message : String(error);
  process.stderr.write(`watch: could not run: ${message}\n`);
  process.exit(2);
}
