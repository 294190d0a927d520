// What run_autograder runs on Gradescope (inside $AUTOGRADER_ROOT/source, the unzipped package):
//   1. find the exercise folders of the upload in $AUTOGRADER_ROOT/submission: loose NN-name/ folders,
//      inside exercises/, or a repository (GitHub upload); one enclosing folder is looked through;
//   2. copy only the exercise files into a fresh folder (nothing else the student uploaded counts);
//   3. run the grader (`tsx grader/cli.ts`) in its own process group with a time limit, writing
//      results.json to a scratch file, then check it against Gradescope's format;
//   4. write $AUTOGRADER_ROOT/results/results.json — the grader's, with the student id added, or, when
//      the grader could not grade, a valid one with score 0 and the reason.
// It always exits 0 after writing a results.json: Gradescope shows the output, not the exit code.
import { readdirSync, readFileSync, mkdtempSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gradeOne, graderSupports, COURSE_ROOT } from '../class/grade-one.ts';
import { failureResults, writeJsonAtomic, type Results } from '../class/results.ts';
import { locateSubmission, SubmissionError } from '../class/stage.ts';

export const DEFAULT_AUTOGRADER_ROOT = '/autograder';

/** The package's settings (autograder.json, written by build.ts). */
export function packageConfig(courseRoot = COURSE_ROOT): { exercises: string[] } {
  try {
    const parsed = JSON.parse(readFileSync(join(courseRoot, 'autograder.json'), 'utf8')) as { exercises?: unknown };
    const exercises = Array.isArray(parsed.exercises) ? parsed.exercises.filter((id): id is string => typeof id === 'string') : [];
    return { exercises };
  } catch {
    return { exercises: [] };
  }
}
const DEFAULT_TIMEOUT_SECONDS = 30 * 60;

/** The student from Gradescope's submission_metadata.json: the first user's sid, else email, else name. */
export function studentFromMetadata(file: string): string | undefined {
  try {
    const metadata = JSON.parse(readFileSync(file, 'utf8')) as { users?: { sid?: unknown; email?: unknown; name?: unknown }[] };
    const user = metadata.users?.[0];
    for (const value of [user?.sid, user?.email, user?.name]) {
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
  } catch {
    // No metadata outside Gradescope.
  }
  return undefined;
}

/** The folder to grade: the upload itself, or the one folder it consists of (a zipped folder). */
export function submissionRoot(upload: string): string {
  try {
    locateSubmission(upload);
    return upload;
  } catch (error) {
    if (!(error instanceof SubmissionError) || !existsSync(upload)) throw error;
    const entries = readdirSync(upload).filter((name) => !name.startsWith('.') && name !== '__MACOSX');
    if (entries.length === 1 && statSync(join(upload, entries[0]!)).isDirectory()) {
      const inner = join(upload, entries[0]!);
      locateSubmission(inner); // throws the message about the inner folder when it is not a submission either
      return inner;
    }
    throw error;
  }
}

export async function runAutograder(env: NodeJS.ProcessEnv = process.env, log: (text: string) => void = (text) => process.stdout.write(text)): Promise<Results> {
  const root = resolve(env['AUTOGRADER_ROOT'] || DEFAULT_AUTOGRADER_ROOT);
  const upload = join(root, 'submission');
  const resultsFile = join(root, 'results', 'results.json');
  const student = studentFromMetadata(join(root, 'submission_metadata.json'));
  const timeoutSeconds = Number(env['GRADE_TIMEOUT_SECONDS'] ?? DEFAULT_TIMEOUT_SECONDS);
  const extra = { ...(student ? { student } : {}) };

  let results: Results;
  try {
    const folder = submissionRoot(upload);
    const scratch = mkdtempSync(join(tmpdir(), 'autograder-'));
    try {
      const outcome = await gradeOne({
        studentId: student ?? 'submission',
        submission: folder,
        exercises: packageConfig().exercises,
        timeoutMs: (Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000,
        passStudent: student !== undefined && (await graderSupports('--student', COURSE_ROOT)),
        logFile: join(scratch, 'grade.log'),
        extraArgs: existsSync(join(COURSE_ROOT, 'private-suites')) ? ['--suites', join(COURSE_ROOT, 'private-suites')] : [],
      });
      if (existsSync(join(scratch, 'grade.log'))) log(readFileSync(join(scratch, 'grade.log'), 'utf8'));
      if (outcome.ok) {
        results = outcome.results;
        results.extra_data = { ...(results.extra_data ?? {}), ...extra, layout: outcome.layout };
        if (outcome.layout !== 'loose') {
          results.output = `${results.output ?? ''}\nnote: graded the exercises/ folder of the upload (${outcome.layout}); nothing outside it counts`.trimStart();
        }
      } else {
        log(`run_autograder: could not grade: ${outcome.reason}\n`);
        results = failureResults(outcome.reason, extra);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  } catch (error) {
    const reason = error instanceof SubmissionError ? error.message.replaceAll(root, '$AUTOGRADER_ROOT') : `unexpected error: ${(error as Error).message.split('\n')[0]}`;
    log(`run_autograder: could not grade: ${reason}\n`);
    results = failureResults(reason, extra);
  }
  writeJsonAtomic(resultsFile, results);
  log(`run_autograder: wrote ${resultsFile} (score ${results.score})\n`);
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runAutograder().then(
    () => {
      process.exitCode = 0;
    },
    (error: unknown) => {
      process.stderr.write(`run_autograder: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 1; // run_autograder's shell part then writes the fallback results.json
    },
  );
}
