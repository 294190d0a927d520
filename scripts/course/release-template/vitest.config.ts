// Test configuration of the student release (`npm test`): the library's and the lessons' own tests and the
// release check. The grading suites in grader/suites run only through `npm run grade`.
// (In the course repository this file is scripts/course/release-template/vitest.config.ts.)
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['lib/**/*.test.ts', 'lessons/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'grader/**'],
  },
});
