// `npm run grade`: grade the exercises (or a given directory) and print the report.
// Exit codes: 0 grading ran, 1 the score is under --fail-under, 2 the grader itself could not run.
import { main, EXIT_GRADER_FAILED } from './cli-main.ts';

// Leave through process.exit on Ctrl-C or a kill, so the grading workspace is removed.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Should a stray handle keep the event loop alive, leave anyway once the report is out.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`grade: the grader could not run: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = EXIT_GRADER_FAILED;
  },
);
