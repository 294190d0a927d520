// The grading process `npm run watch` starts (grading-process.ts): it loads the grader and the
// library first, then reads one request (a JSON line on stdin, or the first argument), grades the
// exercises it names and writes the result as one JSON line to stdout. Running it in a process of its
// own keeps the watch responsive to keys while a judge computes, and lets a quit end a grading and
// everything it started at once. A spare that is never used sees its stdin end and leaves.
import { runGrade, type GradeResult } from '../run.ts';
import { RESULT_MARK, type WorkerRequest } from './grading-process.ts';

// What every suite imports; loaded while the worker waits, so a save is graded sooner.
await import('../../lib/index.ts');
await import('../kit/index.ts');

async function readRequest(): Promise<string> {
  if (process.argv[2] !== undefined) return process.argv[2];
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) {
    text += chunk as string;
    if (text.includes('\n')) break;
  }
  return text.trim();
}

const text = await readRequest();
if (text === '') process.exit(0); // the watch ended without a request for this spare
let line: { result: GradeResult } | { error: string };
try {
  const request = JSON.parse(text) as WorkerRequest;
  // Tells a spare from a grading in `ps` (and in the tests, which check that gradings never overlap).
  process.title = `rnn-watch grading ${request.ids.join(' ')}`;
  const result = await runGrade({
    filters: request.ids,
    submissionDir: request.exercisesDir,
    suiteDirs: request.suiteDirs,
    seed: request.seed,
    ...(request.limits ? { limits: request.limits } : {}),
  });
  line = { result };
} catch (error) {
  line = { error: error instanceof Error ? error.message : String(error) };
}
process.stdout.write(RESULT_MARK + JSON.stringify(line) + '\n', () => process.exit(0));
