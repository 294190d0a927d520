// `npm run mutate -- [<id>…]`: mutation testing of the grading suites. Every mutant of the learner's
// parts of solutions/<id> is graded by the suite; a mutant with full marks at every grading seed
// survived, and a survivor not classified in grader/suites/<id>.survivors.json is a gap to close.
// Exit codes: 0 every survivor classified, 1 an unclassified survivor (or, with --check-scores, a
// scores table that differs from the run), 2 bad input (an unknown
// exercise, a bad option or survivors file) or a solution that itself lost points.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COURSE_ROOT, GraderError, type GradeLimits } from '../run.ts';
import { findSuites } from '../engine/suites.ts';
import { resolveId } from '../engine/resolve-id.ts';
import { mutantsOfExercise } from './mutants.ts';
import { MutationRunner, type Baseline, type GradedEvent } from './runner.ts';
import { appendUnclassified, classify, loadSurvivors, SurvivorsFileError } from './survivors.ts';
import { exerciseReport, exitCodeOf, renderReport, reportJson, type ExerciseReport, type MutationReport } from './report.ts';
import type { Mutant } from './types.ts';
import { compareScores, readScores, ScoresTableError, writeScores } from './scores-table.ts';

export const EXIT_OK = 0;
export const EXIT_SURVIVORS = 1;
export const EXIT_BAD_INPUT = 2;

export interface MutateIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

interface Flags {
  seeds: number[];
  concurrency: number;
  json?: string;
  writeSurvivors?: boolean;
  scores?: string;
  checkScores?: string;
  list?: boolean;
  isolation?: string;
  solutionsDir?: string;
  suitesOnly?: string;
  survivorsDir?: string;
  limits?: Partial<GradeLimits>;
  progress: boolean;
  timeoutFactor: number;
}

function seedList(value: string): number[] {
  const seeds = value.split(',').map((part) => Number(part.trim()));
  if (seeds.length === 0 || seeds.some((seed) => !Number.isSafeInteger(seed))) throw new InvalidArgumentError(`expected integers separated by commas, got '${value}'`);
  return seeds;
}

function positive(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got '${value}'`);
  return parsed;
}

function nonNegative(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError(`expected a number ≥ 0, got '${value}'`);
  return parsed;
}

function limitsJson(value: string): Partial<GradeLimits> {
  try {
    return JSON.parse(value) as Partial<GradeLimits>;
  } catch {
    throw new InvalidArgumentError(`expected JSON such as '{"callTimeoutMs": 2000}', got '${value}'`);
  }
}

function program(io: MutateIo): Command {
  return new Command('mutate')
    .description('Mutation testing of the grading suites: grade mutants of solutions/<id> and list the survivors no entry classifies.')
    .argument('[exercises...]', 'only these exercises: an id number (4, 04) or part of a name (sine); all when none')
    .option('--seeds <list>', 'grading seeds, comma-separated; a mutant killed at one is not graded at the next', seedList, [1, 2])
    .option('--concurrency <n>', 'mutants graded at the same time', positive, 2)
    .option('--timeout-factor <n>', 'a mutant\'s probe calls may take n × what the solution\'s check took, + 3 s (0: the suite\'s own limits)', nonNegative, 4)
    .option('--json <file>', 'write the full result (every mutant with its status) as JSON')
    .option('--write-survivors', 'append each new survivor to its exercise\'s survivors file with class "unclassified", for someone to classify')
    .option('--scores <file>', 'write the per-exercise scores of this run into the table between <!-- mutation-scores --> marks of <file> (grader/README.md)')
    .option('--check-scores <file>', 'exit 1 when the scores table of <file> differs from this run (the README\'s numbers must be the run\'s)')
    .option('--list', 'list the mutants without grading them')
    .option('--no-progress', 'no progress bar (plain lines are written when stderr is not a terminal anyway)')
    .addOption(new Option('--isolation <mode>', 'how graded code is isolated (as npm run grade)').choices(['auto', 'bwrap', 'unshare', 'permission']))
    // Internal: the tool's own tests run it on fixture suites and solutions.
    .addOption(new Option('--solutions-dir <dir>', 'folder of the solution folders').hideHelp())
    .addOption(new Option('--suites-only <dir>', 'use only the suites of <dir>').hideHelp())
    .addOption(new Option('--survivors-dir <dir>', 'folder of the <id>.survivors.json files (default: the suites folder)').hideHelp())
    .addOption(new Option('--limits <json>', 'override the grader\'s time and memory limits').argParser(limitsJson).hideHelp())
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** Progress on stderr: a bar on a terminal, otherwise a line per finished exercise and round. */
function progressReporter(io: MutateIo, enabled: boolean, counts: Map<string, number>) {
  const tty = enabled && Boolean(io.stderr.isTTY);
  const bar = tty
    ? new cliProgress.SingleBar({
      format: 'seed {seed} |{bar}| {value}/{total} mutants | killed {killed} | survived {survived} | {duration_formatted} (eta {eta_formatted})',
      stream: io.stderr as NodeJS.WritableStream, hideCursor: true, clearOnComplete: true,
    }, cliProgress.Presets.shades_classic)
    : null;
  let killed = 0;
  let survived = 0;
  let left = new Map<string, number>();
  let seed = 0;
  return {
    round(roundSeed: number, alive: readonly Mutant[]) {
      const mutants = alive.length;
      seed = roundSeed;
      killed = 0;
      survived = 0;
      left = new Map();
      for (const mutant of alive) left.set(mutant.exerciseId, (left.get(mutant.exerciseId) ?? 0) + 1);
      if (bar) {
        bar.stop();
        bar.start(mutants, 0, { seed, killed, survived });
      } else if (enabled) {
        io.stderr.write(`seed ${seed}: grading ${mutants} mutants\n`);
      }
    },
    graded(event: GradedEvent) {
      if (event.kind === 'baseline') {
        if (!bar && enabled) io.stderr.write(`${event.exerciseId}: solution at seed ${event.seed} ${event.full ? 'gets full marks' : 'LOSES POINTS'} (${(event.ms / 1000).toFixed(1)} s; ${counts.get(event.exerciseId) ?? 0} mutants)\n`);
        return;
      }
      if (event.killed) killed++;
      else survived++;
      bar?.increment(1, { seed, killed, survived });
      const id = event.mutant.exerciseId;
      const remaining = (left.get(id) ?? 1) - 1;
      left.set(id, remaining);
      if (!bar && enabled && remaining === 0) io.stderr.write(`seed ${seed}: ${id} done\n`);
    },
    stop() {
      bar?.stop();
    },
  };
}

export async function main(argv: string[], io: MutateIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const command = program(io);
  try {
    command.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    throw error;
  }
  const flags = command.opts<Flags>();
  const started = Date.now();
  let runner: MutationRunner | null = null;
  try {
    const suiteDirs = [resolve(flags.suitesOnly ?? join(COURSE_ROOT, 'grader', 'suites'))];
    const solutionsDir = resolve(flags.solutionsDir ?? join(COURSE_ROOT, 'solutions'));
    const survivorsDir = resolve(flags.survivorsDir ?? suiteDirs[0]);
    if (!existsSync(solutionsDir)) throw new GraderError(`solutions folder not found: ${solutionsDir}`);
    const ids = [...new Set(findSuites(suiteDirs).map((suite) => suite.exerciseId))].filter((id) => existsSync(join(solutionsDir, id)));
    const chosen = command.args.length === 0 ? ids : command.args.map((wanted) => {
      const resolution = resolveId(wanted, ids, 'exercise');
      if (!resolution.ok) throw new GraderError(resolution.message);
      return resolution.id;
    });
    const exerciseIds = [...new Set(chosen)].sort();
    if (exerciseIds.length === 0) throw new GraderError(`no exercise has both a suite in ${shown(suiteDirs[0])} and a solution in ${shown(solutionsDir)}`);

    const survivorsFile = (id: string) => join(survivorsDir, `${id}.survivors.json`);
    const entries = new Map(exerciseIds.map((id) => [id, loadSurvivors(survivorsFile(id))]));
    const generated = new Map<string, { mutants: Mutant[]; invalid: Mutant[] }>();
    for (const id of exerciseIds) generated.set(id, await mutantsOfExercise(join(solutionsDir, id), id));

    if (flags.list) {
      for (const id of exerciseIds) {
        const { mutants, invalid } = generated.get(id)!;
        io.stdout.write(`${id}: ${mutants.length} mutants${invalid.length > 0 ? ` (+${invalid.length} that do not parse)` : ''}\n`);
        for (const mutant of mutants) io.stdout.write(`  ${mutant.file}:${mutant.line}:${mutant.column} [${mutant.mutator}] ${mutant.mutated}\n`);
      }
      return EXIT_OK;
    }

    // A scores file without the table's marks is bad input: say so before the long run, not after.
    for (const file of [flags.scores, flags.checkScores]) if (file) readScores(readFileSync(file, 'utf8'), shown(file));

    const counts = new Map(exerciseIds.map((id) => [id, generated.get(id)!.mutants.length]));
    const progress = progressReporter(io, flags.progress, counts);
    runner = new MutationRunner({
      solutionsDir, suiteDirs, seeds: flags.seeds, concurrency: flags.concurrency, timeoutFactor: flags.timeoutFactor,
      ...(flags.limits ? { limits: flags.limits } : {}),
      ...(flags.isolation ? { isolation: flags.isolation } : {}),
      onGraded: (event) => progress.graded(event),
      onRound: (seed, alive) => progress.round(seed, alive),
    });
    const mutatedFiles = new Map(exerciseIds.map((id) => [id, [...new Set(generated.get(id)!.mutants.map((mutant) => mutant.file))]]));
    const baselines = new Map<string, Baseline>((await runner.baselines(exerciseIds, mutatedFiles)).map((baseline) => [baseline.exerciseId, baseline]));
    for (const baseline of baselines.values()) {
      if (baseline.fallbacks) io.stderr.write(`${baseline.exerciseId}: the checks loading ${baseline.fallbacks.join(', ')} do not pass on their own, so those mutants are graded on every check\n`);
    }
    // Cheap first: exercises whose solution grades fastest, so the progress moves and a slow one comes last.
    const order = exerciseIds.filter((id) => baselines.get(id)!.ok).sort((a, b) => baselines.get(a)!.ms - baselines.get(b)!.ms || a.localeCompare(b));
    const results = await runner.run(order.flatMap((id) => generated.get(id)!.mutants));
    progress.stop();

    const exercises: ExerciseReport[] = exerciseIds.map((id) => {
      const baseline = baselines.get(id)!;
      const mine = results.filter((result) => result.exerciseId === id);
      const classification = classify(mine, entries.get(id)!);
      return exerciseReport(id, shown(survivorsFile(id)), baseline, mine, generated.get(id)!.invalid.length, classification);
    });
    const report: MutationReport = { seeds: flags.seeds, concurrency: flags.concurrency, wallMs: Date.now() - started, exercises };
    io.stdout.write(renderReport(report, shown(solutionsDir)));
    if (flags.json) {
      mkdirSync(dirname(resolve(flags.json)), { recursive: true });
      writeFileSync(flags.json, JSON.stringify(reportJson(report), null, 2) + '\n');
    }
    let scoresDiffer = false;
    if (flags.checkScores) {
      const problems = compareScores(readFileSync(flags.checkScores, 'utf8'), shown(flags.checkScores), exercises);
      for (const problem of problems) io.stdout.write(`${problem}\n`);
      if (problems.length > 0) {
        io.stdout.write(`The scores table differs from this run: write it again with npm run mutate -- --scores ${shown(flags.checkScores)}\n`);
        scoresDiffer = true;
      }
    }
    if (flags.scores) {
      const minutes = (report.wallMs / 60_000).toFixed(1);
      const note = `Measured by \`npm run mutate${command.args.length > 0 ? ` -- ${command.args.join(' ')}` : ''} -- --scores ${shown(flags.scores)}\` at seeds ${flags.seeds.join(', ')}, `
        + `${flags.concurrency} at a time: ${minutes} min wall time for the exercises of that run on ${cpus().length} cores (the time is not checked; the counts are, by \`--check-scores\` in CI).`;
      writeFileSync(flags.scores, writeScores(readFileSync(flags.scores, 'utf8'), shown(flags.scores), exercises, note));
      io.stderr.write(`${shown(flags.scores)}: scores table written\n`);
    }
    if (flags.writeSurvivors) {
      for (const exercise of exercises) {
        const added = appendUnclassified(survivorsFile(exercise.id), exercise.classification.unclassified.map(({ mutant }) => mutant));
        if (added > 0) io.stderr.write(`${exercise.survivorsFile}: ${added} survivor(s) added as "unclassified"\n`);
      }
    }
    const code = exitCodeOf(report);
    return code === EXIT_OK && scoresDiffer ? EXIT_SURVIVORS : code;
  } catch (error) {
    if (error instanceof GraderError || error instanceof SurvivorsFileError || error instanceof ScoresTableError) {
      io.stderr.write(`mutate: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  } finally {
    runner?.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      setTimeout(() => process.exit(code), 2000).unref();
    },
    (error: unknown) => {
      process.stderr.write(`mutate: could not run: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = EXIT_BAD_INPUT;
    },
  );
}
