// Class grading: one folder per student, graded by a pool of child processes (grade-one.ts), into a
// gradebook CSV, each student's results.json and a printed summary. See docs/instructors.md.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { formatCsv, type Cell } from './csv.ts';
import { gradeOne, graderSupports, COURSE_ROOT, type GradeOneOutcome } from './grade-one.ts';
import { exercisePoints, failureResults, maxScoreOf, readResults, writeJsonAtomic, type Results } from './results.ts';
import { newestChange } from './stage.ts';

export class InputError extends Error {
  override name = 'InputError';
}

export interface ClassOptions {
  dir: string;
  csv: string;
  out?: string;
  jobs?: number;
  shard?: { index: number; count: number };
  timeoutSeconds?: number;
  deadline?: Date;
  force?: boolean;
  seed?: number;
  exercises?: string[];
  courseRoot?: string;
}

export interface ClassIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  signal?: AbortSignal;
}

export interface StudentRecord {
  student: string;
  folder: string;
  status: 'graded' | 'late' | 'could not grade';
  reason?: string;
  note?: string;
  results: Results;
  resumed: boolean;
  durationMs: number;
  commitTime?: string;
}

export interface ClassReport {
  students: StudentRecord[];
  exerciseIds: string[];
  maxScore: number | undefined;
  csvFile: string;
  outDir: string;
  wallMs: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 600;

/** `k/n` with 1 ≤ k ≤ n. */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !(count >= 1) || !(index >= 1 && index <= count)) {
    throw new InputError(`--shard: expected k/n with 1 ≤ k ≤ n (for example 2/4), got '${text}'`);
  }
  return { index, count };
}

/** Student ids sorted by code unit (independent of locale), then every n-th from position k-1. */
export function shardStudents(ids: string[], shard?: { index: number; count: number }): string[] {
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!shard) return sorted;
  return sorted.filter((_, position) => position % shard.count === shard.index - 1);
}

/** The student folders of a class folder: its sub-folders (symbolic links to folders too), hidden ones left out. */
export function listStudents(dir: string): { ids: string[]; ignored: string[] } {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    entries = readdirSync(dir);
  } catch {
    throw new InputError(`expected a folder with one sub-folder per student, got '${dir}', which ${existsSync(dir) ? 'is not a readable folder' : 'does not exist'}`);
  }
  const ids: string[] = [];
  const ignored: string[] = [];
  for (const name of entries) {
    if (name.startsWith('.')) continue;
    let isDir = false;
    try {
      isDir = statSync(join(dir, name)).isDirectory();
    } catch {
      isDir = false;
    }
    if (isDir) ids.push(name);
    else ignored.push(name);
  }
  return { ids, ignored };
}

/** The last commit time of a student's repository (ISO 8601), when the folder is a git repository. */
export function commitTime(folder: string): Promise<string | undefined> {
  const gitDir = join(folder, '.git');
  if (!existsSync(gitDir)) return Promise.resolve(undefined);
  // --git-dir pins the repository: git never walks up to an enclosing one (the instructor's course).
  const args = ['-c', `safe.directory=*`, '-c', 'core.fsmonitor=false', `--git-dir=${gitDir}`, 'log', '-1', '--format=%cI'];
  return new Promise((resolvePromise) => {
    execFile('git', args, { timeout: 30_000, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }, (error, stdout) => {
      const text = stdout.trim();
      resolvePromise(!error && text !== '' && !Number.isNaN(Date.parse(text)) ? text : undefined);
    });
  });
}

interface StatusFile {
  student: string;
  status: 'graded' | 'could not grade';
  reason?: string;
  note?: string;
  layout?: string;
  durationMs: number;
  gradedAt: string;
  seed: number | null;
  exercises: string[];
}

function readStatus(file: string): StatusFile | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StatusFile;
  } catch {
    return undefined;
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function fmt(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function sortIds(ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Rows of the gradebook: student, points per exercise, total, max, percent, status. */
export function gradebookRows(report: Pick<ClassReport, 'students' | 'exerciseIds' | 'maxScore'>): Cell[][] {
  const header: Cell[] = ['student', ...report.exerciseIds, 'total', 'max', 'percent', 'status'];
  const rows: Cell[][] = [header];
  for (const record of report.students) {
    const graded = record.status !== 'could not grade';
    const perExercise = exercisePoints(record.results);
    const max = graded ? maxScoreOf(record.results) : report.maxScore;
    const total = graded ? record.results.score : 0;
    const percent = max !== undefined && max > 0 ? round((100 * total) / max) : undefined;
    const status = record.status === 'could not grade' ? `could not grade (${record.reason ?? 'unknown reason'})` : record.status;
    rows.push([
      record.student,
      ...report.exerciseIds.map((id) => (graded ? perExercise.get(id)?.points ?? 0 : undefined)),
      total,
      max,
      percent,
      status,
    ]);
  }
  return rows;
}

function writeTextAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** Grades the class; returns the report (the CSV and results are written on the way). */
export async function gradeClass(options: ClassOptions, io: ClassIo): Promise<ClassReport> {
  const started = Date.now();
  const classDir = resolve(options.dir);
  const csvFile = resolve(options.csv);
  const outDir = resolve(options.out ?? join(dirname(csvFile), 'results'));
  const courseRoot = options.courseRoot ?? COURSE_ROOT;
  const jobs = options.jobs ?? availableParallelism();
  const timeoutMs = (options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const exercises = options.exercises ?? [];
  const seed = options.seed ?? null;

  const { ids: allIds, ignored } = listStudents(classDir);
  if (allIds.length === 0) {
    throw new InputError(`expected one sub-folder per student in '${classDir}', got none${ignored.length ? ` (only files: ${ignored.slice(0, 5).join(', ')})` : ''}`);
  }
  if (ignored.length > 0) io.stderr(`note: ${ignored.length} file(s) in the class folder are not student folders and are left out: ${ignored.slice(0, 5).join(', ')}\n`);
  const ids = shardStudents(allIds, options.shard);
  if (options.shard) io.stderr(`shard ${options.shard.index}/${options.shard.count}: ${ids.length} of ${allIds.length} students\n`);

  // Resume: a student whose results.json is newer than their folder, graded with the same seed and
  // exercises, is not graded again (unless --force). Students that could not be graded are retried.
  const records = new Map<string, StudentRecord>();
  const pending: string[] = [];
  for (const id of ids) {
    const folder = join(classDir, id);
    const resultsFile = join(outDir, id, 'results.json');
    const status = readStatus(join(outDir, id, 'status.json'));
    if (!options.force && status?.status === 'graded' && existsSync(resultsFile) && status.seed === seed && sameList(status.exercises, exercises)) {
      try {
        if (statSync(resultsFile).mtimeMs > newestChange(folder)) {
          records.set(id, {
            student: id,
            folder,
            status: 'graded',
            results: readResults(resultsFile),
            resumed: true,
            durationMs: status.durationMs,
            ...(status.note ? { note: status.note } : {}),
          });
          continue;
        }
      } catch {
        // An unreadable earlier result is graded again.
      }
    }
    pending.push(id);
  }

  const passStudent = pending.length > 0 ? await graderSupports('--student', courseRoot) : false;
  if (pending.length > 0 && !passStudent) io.stderr('note: this grader has no --student flag; the student id is added to results.json by grade-class\n');
  if (records.size > 0) io.stderr(`resume: ${records.size} student(s) already graded are skipped (--force grades them again)\n`);

  // Progress: a bar on a terminal, one line per student otherwise.
  const bar = io.isTTY && pending.length > 0
    ? new cliProgress.SingleBar(
      { format: 'grading [{bar}] {value}/{total} students | {eta_formatted} left | {last}', hideCursor: true, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    )
    : undefined;
  bar?.start(pending.length, 0, { last: '' });
  let done = 0;
  const report = (id: string, outcome: GradeOneOutcome): void => {
    done += 1;
    const what = outcome.ok ? `${outcome.results.score}/${maxScoreOf(outcome.results)}` : `could not grade (${outcome.reason})`;
    const line = `${id}: ${what} in ${fmt(outcome.durationMs / 1000)} s`;
    if (bar) bar.increment(1, { last: line.slice(0, 60) });
    else io.stderr(`[${done}/${pending.length}] ${line}\n`);
  };

  const gradeStudent = async (id: string): Promise<void> => {
    const folder = join(classDir, id);
    const studentOut = join(outDir, id);
    mkdirSync(studentOut, { recursive: true });
    let outcome: GradeOneOutcome;
    try {
      outcome = await gradeOne({
        studentId: id,
        submission: folder,
        exercises,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        timeoutMs,
        passStudent,
        logFile: join(studentOut, 'grade.log'),
        courseRoot,
        ...(io.signal ? { signal: io.signal } : {}),
      });
    } catch (error) {
      // Never let one student stop the batch: an unexpected error is that student's failure.
      outcome = { ok: false, reason: `unexpected error: ${(error as Error).message.split('\n')[0]}`, durationMs: 0 };
    }
    const resultsFile = join(studentOut, 'results.json');
    let results: Results;
    if (outcome.ok) {
      results = outcome.results;
      results.extra_data = { ...(results.extra_data ?? {}), student: id, layout: outcome.layout };
    } else {
      results = failureResults(outcome.reason, { student: id, ...(outcome.layout ? { layout: outcome.layout } : {}) });
    }
    const status: StatusFile = {
      student: id,
      status: outcome.ok ? 'graded' : 'could not grade',
      ...(outcome.ok ? {} : { reason: outcome.reason }),
      ...(outcome.ok && outcome.note ? { note: outcome.note } : {}),
      ...(outcome.layout ? { layout: outcome.layout } : {}),
      durationMs: outcome.durationMs,
      gradedAt: new Date().toISOString(),
      seed,
      exercises,
    };
    if (!(io.signal?.aborted)) {
      writeJsonAtomic(resultsFile, results);
      writeJsonAtomic(join(studentOut, 'status.json'), status);
    }
    records.set(id, {
      student: id,
      folder,
      status: outcome.ok ? 'graded' : 'could not grade',
      ...(outcome.ok ? {} : { reason: outcome.reason }),
      ...(outcome.ok && outcome.note ? { note: outcome.note } : {}),
      results,
      resumed: false,
      durationMs: outcome.durationMs,
    });
    report(id, outcome);
  };

  const queue = [...pending];
  const workers = Array.from({ length: Math.max(1, Math.min(jobs, queue.length)) }, async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      if (io.signal?.aborted) return;
      await gradeStudent(id);
    }
  });
  await Promise.all(workers);
  bar?.stop();
  if (io.signal?.aborted) throw new InputError('interrupted: the students graded so far are kept in the results folder; run the same command again to resume');

  // Late: the last commit of a graded repository after the deadline.
  const students = ids.map((id) => records.get(id)!);
  await Promise.all(students.map(async (record) => {
    const time = await commitTime(record.folder);
    if (time) record.commitTime = time;
    if (options.deadline && time && record.status === 'graded' && Date.parse(time) > options.deadline.getTime()) record.status = 'late';
  }));
  if (options.deadline) {
    const unknown = students.filter((record) => record.status !== 'could not grade' && !record.commitTime).length;
    if (unknown > 0) io.stderr(`note: ${unknown} student folder(s) are not git repositories; without a commit time they cannot be marked late\n`);
  }

  const exerciseIds = sortIds(new Set(students.filter((r) => r.status !== 'could not grade').flatMap((r) => [...exercisePoints(r.results).keys()])));
  const maxima = students.filter((r) => r.status !== 'could not grade').map((r) => maxScoreOf(r.results));
  const maxScore = maxima.length > 0 ? Math.max(...maxima) : undefined;
  if (new Set(maxima).size > 1) io.stderr(`warning: the maximum score differs between students (${sortIds(new Set(maxima.map(String))).join(', ')}); check that the course did not change while grading\n`);

  const result: ClassReport = { students, exerciseIds, maxScore, csvFile, outDir, wallMs: Date.now() - started };
  writeTextAtomic(csvFile, formatCsv(gradebookRows(result)));
  return result;
}

/** The printed summary: counts, mean and median, per-exercise pass rates, the checks that fail most. */
export function summarize(report: ClassReport): string {
  const lines: string[] = [];
  const graded = report.students.filter((r) => r.status !== 'could not grade');
  const failed = report.students.filter((r) => r.status === 'could not grade');
  const late = report.students.filter((r) => r.status === 'late');
  const fresh = report.students.filter((r) => !r.resumed);
  const totals = graded.map((r) => r.results.score);
  const max = report.maxScore;
  lines.push(`${report.students.length} students: ${graded.length} graded${late.length ? ` (${late.length} late)` : ''}, ${failed.length} could not be graded${report.students.length - fresh.length ? `, ${report.students.length - fresh.length} resumed from earlier results` : ''}`);
  if (graded.length > 0 && max !== undefined) {
    const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
    const med = median(totals);
    lines.push(`score: mean ${fmt(mean)} / ${max} (${fmt((100 * mean) / max)} %), median ${fmt(med)} / ${max} (${fmt((100 * med) / max)} %)`);
  }
  if (fresh.length > 0) {
    const seconds = fresh.map((r) => r.durationMs / 1000);
    lines.push(`time: ${fmt(report.wallMs / 1000)} s in all, ${fmt(seconds.reduce((a, b) => a + b, 0) / seconds.length)} s per student graded now (slowest ${fmt(Math.max(...seconds))} s)`);
  }

  if (graded.length > 0 && report.exerciseIds.length > 0) {
    const table = new Table({ head: ['exercise', 'max', 'mean', 'full marks', 'checks passed'], colAligns: ['left', 'right', 'right', 'right', 'right'], style: { head: [], border: [] } });
    for (const id of report.exerciseIds) {
      let points = 0;
      let full = 0;
      let checks = 0;
      let passed = 0;
      let exerciseMax = 0;
      for (const record of graded) {
        const entry = exercisePoints(record.results).get(id);
        if (!entry) continue;
        exerciseMax = Math.max(exerciseMax, entry.maxPoints);
        points += entry.points;
        if (entry.points >= entry.maxPoints) full += 1;
        checks += entry.checks;
        passed += entry.passed;
      }
      table.push([id, exerciseMax, fmt(points / graded.length), `${fmt((100 * full) / graded.length, 0)} %`, `${fmt(checks ? (100 * passed) / checks : NaN, 0)} %`]);
    }
    lines.push(table.toString());

    const failures = new Map<string, number>();
    for (const record of graded) {
      for (const test of record.results.tests) {
        const didPass = test.status ? test.status === 'passed' : test.score >= test.max_score;
        if (!didPass) failures.set(test.name, (failures.get(test.name) ?? 0) + 1);
      }
    }
    const worst = [...failures.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
    if (worst.length > 0) {
      const failTable = new Table({ head: ['checks that fail most', 'failed'], colAligns: ['left', 'right'], style: { head: [], border: [] }, colWidths: [90, 10], wordWrap: true });
      for (const [name, count] of worst) failTable.push([name, `${count}/${graded.length}`]);
      lines.push(failTable.toString());
    }
  }
  if (failed.length > 0) {
    lines.push('could not grade:');
    for (const record of failed) lines.push(`  ${JSON.stringify(record.student)}: ${record.reason}`);
  }
  const notes = report.students.filter((r) => r.note);
  for (const record of notes.slice(0, 10)) lines.push(`note ${JSON.stringify(record.student)}: ${record.note}`);
  lines.push(`gradebook: ${report.csvFile}`);
  lines.push(`results:   ${report.outDir}/<student>/results.json`);
  return lines.join('\n') + '\n';
}
