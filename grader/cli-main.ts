// The command line of `npm run grade` as a function (grader/cli.ts runs it), so tests can call it
// in-process. Exit codes: 0 grading ran, 1 the score is under --fail-under, 2 the grader itself could not run.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runGrade, COURSE_ROOT, GraderError, type GradeLimits, type GradeOptions, type GradeResult } from './run.ts';
import { renderTerminal } from './report/terminal.ts';
import { toGradescope, type GradescopeVisibility } from './report/gradescope.ts';
import { toJUnit } from './report/junit.ts';
import { hintLevelsFrom, hintStateFile, readHintState } from './hints/state.ts';

export const EXIT_OK = 0;
export const EXIT_UNDER_THRESHOLD = 1;
export const EXIT_GRADER_FAILED = 2;

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError(`expected an integer, got '${value}'`);
  return parsed;
}

function percentage(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !(parsed >= 0 && parsed <= 100)) throw new InvalidArgumentError(`expected a percentage from 0 to 100, got '${value}'`);
  return parsed;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function limitsJson(value: string): Partial<GradeLimits> {
  try {
    return JSON.parse(value) as Partial<GradeLimits>;
  } catch {
    throw new InvalidArgumentError(`expected JSON such as '{"callTimeoutMs": 2000}', got '${value}'`);
  }
}

function writeFile(file: string, content: string): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, content);
}

interface CliFlags {
  solutions?: boolean;
  submission?: string;
  exercises?: string;
  suites?: string[];
  seed?: number;
  student?: string;
  json?: string;
  junit?: string;
  failUnder?: number;
  showOutput?: boolean;
  color: boolean;
  isolation?: string;
  hiddenVisibility?: GradescopeVisibility;
  suitesOnly?: string;
  limits?: Partial<GradeLimits>;
  timings?: boolean;
}

function buildProgram(io: CliIo): Command {
  return new Command('grade')
    .description('Grade the exercises of the RNN course against the grading suites.')
    .argument('[exercises...]', 'grade only these exercises: an id number (4, 04) or part of a name (sine)')
    .option('--solutions', 'grade solutions/ instead of exercises/')
    .option('--submission <dir>', 'grade this directory (laid out like exercises/, or a repository root containing exercises/)')
    .option('--suites <dir>', 'add the *.suite.ts suites of this directory (an instructor\'s private suites); repeatable', collect)
    .option('--seed <n>', 'seed of the hidden checks\' inputs (default: env GRADE_SEED, else a fixed seed)', integer)
    .option('--student <id>', 'whose submission this is (written into results.json and the JUnit report)')
    .addOption(new Option('--isolation <mode>', 'how graded code is isolated (default: env GRADER_ISOLATION, else the strongest available)')
      .choices(['auto', 'bwrap', 'unshare', 'permission']))
    .option('--json <file>', 'write Gradescope results.json to <file>')
    .option('--junit <file>', 'write JUnit XML to <file>')
    .option('--fail-under <pct>', 'exit with code 1 when the score is under <pct> percent', percentage)
    .option('--show-output', 'show what the submission printed while it was graded')
    .option('--no-color', 'plain text output')
    .addOption(new Option('--hidden-visibility <v>', 'Gradescope visibility of checks with hidden inputs')
      .choices(['visible', 'after_due_date', 'after_published', 'hidden']))
    // Internal: the grader's own tests grade fixture suites against fixture solutions, and a copy of
    // exercises/ as the learner's own (hint levels from the .grade/hints.json beside it).
    .addOption(new Option('--exercises <dir>', 'grade this copy of exercises/ as your own (default exercises/)').hideHelp())
    .addOption(new Option('--suites-only <dir>', 'use only the suites of <dir>').hideHelp())
    .addOption(new Option('--limits <json>', 'override time and memory limits').argParser(limitsJson).hideHelp())
    .addOption(new Option('--timings', 'print where the time went (to stderr)').hideHelp())
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
}

function formatTimings(result: GradeResult): string {
  const t = result.timings;
  const lines = [`total ${result.executionTimeMs} ms; preparing ${t.prepareMs} ms`];
  for (const exercise of t.exercises) lines.push(`  ${exercise.id}: ${exercise.ms} ms`);
  return lines.join('\n');
}

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, successfully.
      return error.exitCode === 0 ? EXIT_OK : EXIT_GRADER_FAILED;
    }
    throw error;
  }
  const flags = program.opts<CliFlags>();
  const filters = program.args;
  try {
    if (flags.solutions && flags.submission) throw new GraderError('use either --solutions or --submission, not both');
    if (flags.exercises && (flags.solutions || flags.submission)) throw new GraderError('--exercises grades your own copy of exercises/; use it without --solutions and --submission');
    // The learner's own exercises show the hint levels they reached (npm run hint); anything else
    // (someone's submission, the solutions) shows the first level: local state is not theirs.
    const own = !flags.solutions && !flags.submission;
    const exercisesDir = resolve(flags.exercises ?? join(COURSE_ROOT, 'exercises'));
    const hints = own ? readHintState(hintStateFile(exercisesDir)) : undefined;
    if (hints?.problem) io.stderr.write(`grade: ${hints.problem}\n`);
    const options: GradeOptions = {
      filters,
      submissionDir: flags.submission ? resolve(flags.submission) : flags.solutions ? join(COURSE_ROOT, 'solutions') : exercisesDir,
      ...(hints ? { hintLevel: hintLevelsFrom(hints.state) } : {}),
      ...(flags.suitesOnly ? { suiteDirs: [resolve(flags.suitesOnly)] } : {}),
      extraSuiteDirs: (flags.suites ?? []).map((dir) => resolve(dir)),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.student !== undefined ? { student: flags.student } : {}),
      ...(flags.isolation !== undefined ? { isolation: flags.isolation } : {}),
      ...(flags.limits ? { limits: flags.limits } : {}),
    };
    const result = await runGrade(options);
    const color = flags.color && (io.stdout.isTTY || Boolean(process.env.FORCE_COLOR));
    io.stdout.write(renderTerminal(result, { color, showOutput: Boolean(flags.showOutput), hintPointer: own }));
    if (flags.timings) io.stderr.write(formatTimings(result) + '\n');
    if (flags.json) writeFile(flags.json, JSON.stringify(toGradescope(result, { hiddenVisibility: flags.hiddenVisibility }), null, 2) + '\n');
    if (flags.junit) writeFile(flags.junit, toJUnit(result));
    if (flags.failUnder !== undefined && result.percent < flags.failUnder) {
      io.stderr.write(`score ${result.percent.toFixed(1)}% is under --fail-under ${flags.failUnder}%\n`);
      return EXIT_UNDER_THRESHOLD;
    }
    return EXIT_OK;
  } catch (error) {
    const message = error instanceof GraderError ? error.message : error instanceof Error ? error.stack ?? error.message : String(error);
    io.stderr.write(`grade: the grader could not run: ${message}\n`);
    return EXIT_GRADER_FAILED;
  }
}
