// The run folder's library is one bundled module (grader/judge/workspace.ts): every other library
// file there re-exports it, so index and deep imports share one copy of each class, and the wasm
// backend still finds its .wasm bytes from the bundle's place.
import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as library from '../../lib/index.ts';
import { COURSE_ROOT } from '../run.ts';
import { createRunWorkspace, LIB_BUNDLE } from '../judge/workspace.ts';

describe('the library in a run folder', () => {
  test('one bundle; index and deep files re-export it; products run on the wasm backend inside', () => {
    const workspace = createRunWorkspace(COURSE_ROOT);
    try {
      const lib = join(workspace.base, 'lib');
      expect(existsSync(join(lib, LIB_BUNDLE))).toBe(true);
      expect(readFileSync(join(lib, 'index.ts'), 'utf8')).toBe("export * from './backend/sandbox-bundle.ts';\n");
      expect(readFileSync(join(lib, 'nn', 'rnn.ts'), 'utf8')).toBe("export * from '../backend/sandbox-bundle.ts';\n");
      const script = `
        const index = await import(${JSON.stringify(join(lib, 'index.ts'))});
        const deep = await import(${JSON.stringify(join(lib, 'tensor.ts'))});
        const product = index.tensor([[1, 2], [3, 4]]).matmul(index.tensor([[1], [1]])).toArray();
        console.log(JSON.stringify({ same: index.Tensor === deep.Tensor, backend: index.getBackend().name, product, exports: Object.keys(index).length }));`;
      const out = execFileSync(process.execPath, ['--no-warnings', '--import', join(workspace.base, 'grader', 'sandbox', 'register.mjs'), '--input-type=module', '-e', script], { encoding: 'utf8' });
      const got = JSON.parse(out.trim().split('\n').pop()!);
      expect(got.same).toBe(true);
      expect(got.product).toEqual([[3], [7]]);
      expect(['wasm', 'js']).toContain(got.backend);
      expect(got.exports).toBe(Object.keys(library).length);
    } finally {
      workspace.dispose();
    }
  });
});
