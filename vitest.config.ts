// Root test configuration for `npm test`. Grading suites (grader/suites) and the grader's
// fixture suites run only through `npm run grade`, never here.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['lib/**/*.test.ts', 'lessons/**/*.test.ts', 'grader/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'grader/suites/**', 'grader/test/fixtures/**'],
  },
});
