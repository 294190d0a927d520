// npm run grade-class -- <dir> --csv <file> [--jobs N] [--shard k/n] [--timeout s] [--deadline ISO]
//                        [--force] [--seed n] [--exercises 01,02] [--out <results dir>]
// npm run grade-class -- merge <csv...> --csv <out>
// Exit codes: 0 the class was graded (whatever the scores, also when some students could not be
// graded: see the status column), 2 bad input or an interrupted run.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gradeClass, summarize, parseShard, InputError, DEFAULT_TIMEOUT_SECONDS } from './class.ts';
import { mergeGradebooks, readGradebooks } from './merge.ts';
import { formatCsv } from './csv.ts';

function positiveInteger(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1 for ${name}, got '${value}'`);
    return parsed;
  };
}

function positiveSeconds(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !(parsed > 0) || !Number.isFinite(parsed)) throw new InvalidArgumentError(`expected a number of seconds > 0, got '${value}'`);
  return parsed;
}

function integer(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(parsed)) throw new InvalidArgumentError(`expected an integer seed, got '${value}'`);
  return parsed;
}

function deadline(value: string): Date {
  // An ISO 8601 date and time; a time without a zone would be read in this machine's zone, so ask for one.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError(`expected an ISO 8601 date and time with a zone, such as 2025-03-14T23:59:00+09:00 or 2025-03-14T14:59:00Z, got '${value}'`);
  }
  return new Date(value);
}

function exerciseList(value: string, previous: string[] = []): string[] {
  const ids = value.split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (ids.length === 0) throw new InvalidArgumentError(`expected exercise ids separated by commas, such as 01,02, got '${value}'`);
  return [...previous, ...ids];
}

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

export async function main(argv: string[], io: Io, signal?: AbortSignal): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`grade-class: ${message}\n`);
    return 2;
  };
  const configure = (program: Command): Command => program
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  if (argv[0] === 'merge') {
    let merged: { files: string[]; csv: string } | undefined;
    const program = configure(new Command('grade-class merge'))
      .description('Merge the gradebook CSVs of several shards into one.')
      .argument('<csv...>', 'gradebook CSVs written by grade-class --shard k/n')
      .requiredOption('--csv <file>', 'the merged gradebook to write')
      .action((files: string[], flags: { csv: string }) => {
        merged = { files, csv: flags.csv };
      });
    try {
      program.parse(argv.slice(1), { from: 'user' });
    } catch (error) {
      if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
      throw error;
    }
    if (!merged) return 0;
    try {
      const { rows, students } = mergeGradebooks(readGradebooks(merged.files));
      mkdirSync(dirname(resolve(merged.csv)), { recursive: true });
      writeFileSync(merged.csv, formatCsv(rows));
      io.stdout(`merged ${students} students from ${merged.files.length} gradebooks into ${merged.csv}\n`);
      return 0;
    } catch (error) {
      if (error instanceof InputError) return fail(error.message);
      throw error;
    }
  }

  let parsed: { dir: string; flags: Record<string, unknown> } | undefined;
  const program = configure(new Command('grade-class'))
    .description('Grade a folder of submissions (one sub-folder per student, named by the student id) into a gradebook CSV.')
    .argument('<dir>', 'the class folder: one folder per student, each shaped like exercises/ or a repository containing exercises/')
    .requiredOption('--csv <file>', 'the gradebook CSV to write')
    .option('--out <dir>', 'where each student\'s results.json goes (default: results/ next to the CSV)')
    .option('--jobs <n>', 'students graded at once (default: the number of cores)', positiveInteger('--jobs'))
    .option('--shard <k/n>', 'grade only the k-th of n shares of the students (sorted by id); merge the CSVs with `grade-class merge`')
    .option('--timeout <s>', `time limit per student in seconds (default ${DEFAULT_TIMEOUT_SECONDS})`, positiveSeconds)
    .option('--deadline <iso>', 'mark students whose last commit is after this time as late')
    .option('--force', 'grade again the students that already have results')
    .option('--seed <n>', 'grading seed of the hidden checks (passed to the grader)', integer)
    .option('--exercises <ids>', 'grade only these exercises, e.g. 01,02 (passed to the grader)', exerciseList)
    .addHelpText('after', '\nMerge shard gradebooks:  grade-class merge <csv...> --csv <out>')
    .action((dir: string, flags: Record<string, unknown>) => {
      parsed = { dir, flags };
    });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  if (!parsed) return 0;
  const { dir, flags } = parsed;
  try {
    const shard = typeof flags['shard'] === 'string' ? parseShard(flags['shard']) : undefined;
    let when: Date | undefined;
    if (typeof flags['deadline'] === 'string') {
      try {
        when = deadline(flags['deadline']);
      } catch (error) {
        return fail(`--deadline: ${(error as Error).message}`);
      }
    }
    const report = await gradeClass({
      dir,
      csv: flags['csv'] as string,
      ...(typeof flags['out'] === 'string' ? { out: flags['out'] } : {}),
      ...(typeof flags['jobs'] === 'number' ? { jobs: flags['jobs'] } : {}),
      ...(shard ? { shard } : {}),
      ...(typeof flags['timeout'] === 'number' ? { timeoutSeconds: flags['timeout'] } : {}),
      ...(when ? { deadline: when } : {}),
      ...(flags['force'] === true ? { force: true } : {}),
      ...(typeof flags['seed'] === 'number' ? { seed: flags['seed'] } : {}),
      ...(Array.isArray(flags['exercises']) ? { exercises: flags['exercises'] as string[] } : {}),
    }, { ...io, ...(signal ? { signal } : {}) });
    io.stdout(summarize(report));
    return 0;
  } catch (error) {
    if (error instanceof InputError) return fail(error.message);
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\ngrade-class: stopping; the running gradings are ended (press Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
  }, controller.signal).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`grade-class: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
