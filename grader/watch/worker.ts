// The grading process `npm run watch` starts for each grading (grading-process.ts): grades the
// exercises named in its argument and writes the result as one JSON line to stdout. Running it in a
// process of its own keeps the watch responsive to keys while a judge computes, and lets a quit end
// a grading and everything it started at once.
import { runGrade, type GradeResult } from '../run.ts';
import { RESULT_MARK, type WorkerRequest } from './grading-process.ts';

const request = JSON.parse(process.argv[2] ?? '{}') as WorkerRequest;
let line: { result: GradeResult } | { error: string };
try {
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
