// `npm run watch` put together: the suites (for hint levels and exercise ids), the results cache, the
// file watcher, the scheduler of gradings, the keys and the screen. Resolves when the learner quits;
// by then the terminal is restored, the watcher closed and no grading process is left.
import { Chalk } from 'chalk';
import { statSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadExercises, type GradeLimits, type GradeResult } from '../run.ts';
import { findSuites } from '../engine/suites.ts';
import { resolveSubmissionDir } from '../judge/intake.ts';
import { checkKey, hintStateFile, raiseLevel, readHintState, shownLevel, updateHintState } from '../hints/state.ts';
import { afterLastLevel } from '../hints/cli-main.ts';
import { cacheFile, fingerprint, readCache, writeCache, type ResultCache } from './cache.ts';
import { GradingProcesses, type Grading, type WorkerRequest } from './grading-process.ts';
import { listenForKeys, type Key } from './keys.ts';
import { progressOf, type Known } from './progress.ts';
import { Scheduler, type Job } from './scheduler.ts';
import { focusCheck, notLoading, renderScreen, type Shown } from './screen.ts';
import { readToc } from './toc.ts';
import { watchExercises } from './watcher.ts';

export interface WatchOptions {
  exercisesDir: string;
  suiteDirs: string[];
  tocFile: string;
  seed: number;
  limits?: Partial<GradeLimits>;
  /** Grade every exercise at start, ignoring results kept by an earlier watch. */
  fresh: boolean;
  color: boolean;
  /**
   * A terminal that cannot clear the screen (TERM=dumb): each screen is printed below the last one,
   * after a dated rule, instead of replacing it. Keys still work.
   */
  plain?: boolean;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  /** Tests may replace the grading process. */
  startGrading?: (request: WorkerRequest) => Grading;
}

const CLEAR = '\u001b[H\u001b[2J';

export async function runWatch(options: WatchOptions): Promise<void> {
  const exercisesDir = resolveSubmissionDir(resolve(options.exercisesDir)).dir;
  const c = new Chalk({ level: options.color ? 1 : 0 });
  // Replace the screen on a terminal that can; elsewhere print each screen below the last.
  const tty = Boolean(options.stdout.isTTY) && !options.plain;
  const write = (text: string) => { options.stdout.write(text); };

  const suites = findSuites(options.suiteDirs);
  const checksById = await loadExercises(suites);
  const ids = [...checksById.keys()].sort();
  const suiteFilesOf = (id: string) => suites.filter((suite) => suite.exerciseId === id).map((suite) => suite.file);
  const printOf = (id: string) => fingerprint(exercisesDir, id, suiteFilesOf(id), options.seed);
  const hintsOf = (exerciseId: string, checkName: string): readonly string[] =>
    checksById.get(exerciseId)?.find((check) => check.path.join(' › ') === checkKey(exerciseId, checkName))?.hints ?? [];
  const toc = readToc(options.tocFile);
  const stateFile = hintStateFile(exercisesDir);
  const resultsFile = cacheFile(exercisesDir);
  const rel = relative(process.cwd(), exercisesDir);
  const watching = `${rel === '' ? '.' : rel.startsWith('..') ? exercisesDir : rel}/`;

  // The last results: those an earlier watch saved whose files have not changed; the rest are graded at start.
  const cache: ResultCache = options.fresh ? {} : readCache(resultsFile);
  const known = new Map<string, Known>();
  const stale: string[] = [];
  for (const id of ids) {
    const entry = cache[id];
    if (entry && entry.fingerprint === printOf(id)) known.set(id, entry.result);
    else {
      delete cache[id];
      stale.push(id);
    }
  }

  let shown: Shown | undefined;
  let savedOnce = false;
  const gradedHere = new Set<string>();
  let message: string | undefined;
  const progress = () => progressOf(ids, known, toc);
  // Until the first save, show the exercise of the next step, as last graded.
  const showNextStep = () => {
    const next = progress().next?.exerciseId;
    const entry = next ? cache[next] : undefined;
    if (!savedOnce && entry) shown = { exercise: entry.result, gradedAt: entry.gradedAt, source: gradedHere.has(next!) ? 'start' : 'cache' };
    else if (!savedOnce) shown = undefined;
  };
  showNextStep();

  let stateProblem = readHintState(stateFile).problem;
  /** The hint file's time after the h key wrote it (the file watch then has nothing new to show). */
  let ownWrite: number | undefined;
  const levelOf = (exerciseId: string, checkName: string, levels: number) =>
    shownLevel(readHintState(stateFile).state, exerciseId, checkName, levels);

  let scheduler: Scheduler;
  const activity = (): string | undefined => {
    const job = scheduler?.current;
    if (!job) return undefined;
    const then = scheduler.waiting.length > 0 ? `, then ${scheduler.waiting.join(', ')}` : '';
    return job.kind === 'save'
      ? `grading ${job.ids[0]}…${then}`
      : `grading ${job.ids.length} exercise${job.ids.length === 1 ? '' : 's'} for the progress (changed or not graded since the last watch)…${then}`;
  };
  const draw = (full: boolean) => {
    if (!tty && !full) {
      const line = activity();
      if (line) write(`${c.yellow(line)}\n`);
      return;
    }
    const screen = renderScreen({
      watching, seed: options.seed, ...(shown ? { shown } : {}), hintsOf, levelOf, progress: progress(),
      ...(activity() ? { activity: activity() } : {}),
      ...(message || stateProblem ? { message: [stateProblem, message].filter(Boolean).join('\n') } : {}),
      keys: keys.active,
      ...(options.stdout.isTTY && options.stdout.columns ? { width: options.stdout.columns } : {}),
      ...(tty && options.stdout.rows ? { height: options.stdout.rows } : {}),
    }, c);
    write(tty ? CLEAR + screen : `${c.dim(`──── ${new Date().toTimeString().slice(0, 8)}`)}\n${screen}`);
  };

  // One grading at a time; the fingerprints are taken when it starts (a save during it makes them stale).
  let printsAtStart = new Map<string, string>();
  let startedAt = Date.now();
  const processes = new GradingProcesses();
  const start = options.startGrading ?? ((request: WorkerRequest) => processes.start(request));
  scheduler = new Scheduler((gradeIds) => {
    printsAtStart = new Map(gradeIds.map((id) => [id, printOf(id)]));
    startedAt = Date.now();
    return start({ ids: gradeIds, exercisesDir, suiteDirs: options.suiteDirs, seed: options.seed, ...(options.limits ? { limits: options.limits } : {}) });
  }, {
    started: () => draw(false),
    finished: (job: Job, outcome: GradeResult | Error) => {
      if (outcome instanceof Error) {
        message = c.red(`grading ${job.ids.join(', ')} failed: ${outcome.message}`);
      } else {
        const now = Date.now();
        for (const exercise of outcome.exercises) {
          known.set(exercise.id, exercise);
          gradedHere.add(exercise.id);
          const print = printsAtStart.get(exercise.id);
          if (print) cache[exercise.id] = { fingerprint: print, gradedAt: now, result: exercise };
        }
        writeCache(resultsFile, cache);
        if (job.kind === 'save') {
          const exercise = outcome.exercises.find((candidate) => candidate.id === job.ids[0]);
          if (exercise) {
            savedOnce = true;
            shown = { exercise, gradedAt: now, source: 'save', tookMs: now - startedAt };
            message = undefined;
          }
        } else {
          showNextStep();
        }
      }
      draw(true);
    },
  });

  let quitting: Promise<void> | undefined;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolvePromise) => { finish = resolvePromise; });
  const quit = () => {
    quitting ??= (async () => {
      keys.close();
      options.stdout.off('resize', onResize);
      unwatchFile(stateFile, onHintFile);
      await watcher.close();
      await scheduler.stop();
      await processes.close();
      process.off('SIGINT', quit);
      process.off('SIGTERM', quit);
      process.off('SIGHUP', quit);
      write('watch: stopped.\n');
      finish();
    })();
  };

  const onKey = (key: Key) => {
    if (key === 'quit') return quit();
    const focus = shown ? focusCheck(shown.exercise) : undefined;
    if (!shown) message = 'Nothing graded yet: save a file of an exercise first.';
    else if (!focus) message = `Every check of ${shown.exercise.id} passes: no hint needed.`;
    else if (notLoading(focus)) message = 'Your file does not compile yet: fix it and save; the hints are for checks that run.';
    else {
      const hints = hintsOf(shown.exercise.id, focus.name);
      if (hints.length === 0) message = `${checkKey(shown.exercise.id, focus.name)} has no hints; see exercises/${shown.exercise.id}/README.md.`;
      else {
        const { result, problem } = updateHintState(stateFile, (state) => raiseLevel(state, shown!.exercise.id, focus.name, hints.length));
        if (problem) stateProblem = undefined; // the file is rewritten whole now
        ownWrite = statSync(stateFile, { throwIfNoEntry: false })?.mtimeMs;
        message = result.raised
          ? `hint ${result.level + 1}/${hints.length} revealed.`
          : afterLastLevel(shown.exercise.id, options.tocFile);
      }
    }
    draw(true);
  };

  const keys = listenForKeys(options.stdin, onKey);
  // `npm run hint` in another terminal raises a level: the screen shows it at once, not at the next save.
  const onHintFile = (now: Stats, before: Stats) => {
    // Not for the first poll of a file that does not exist yet, nor for the h key's own change (drawn already).
    if (quitting || now.mtimeMs === before.mtimeMs || now.mtimeMs === ownWrite) return;
    stateProblem = readHintState(stateFile).problem;
    draw(true);
  };
  watchFile(stateFile, { interval: 500 }, onHintFile);
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
  process.on('SIGHUP', quit);
  options.stdout.on('error', quit); // the terminal went away
  const onResize = () => { if (!quitting) draw(true); };
  if (tty) options.stdout.on('resize', onResize);
  const watcher = watchExercises(exercisesDir, new Set(ids), (id) => {
    scheduler.saved(id);
    draw(false);
  });
  await watcher.ready;
  draw(true);
  if (stale.length > 0) scheduler.gradeInBackground(stale);
  else if (!options.startGrading) processes.warm(); // ready for the first save
  await finished;
}
