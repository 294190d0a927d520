// How the product backend is chosen: setBackend, RNN_BACKEND, the wasm default, and clear errors.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { availableBackends, getBackend, setBackend } from '../backend/backend.ts';
import { wasmSimdSupported } from '../backend/wasm.ts';
import { tensor } from '../tensor.ts';

const initial = getBackend().name;
afterEach(() => {
  setBackend(initial);
});

/** The backend a fresh process picks under the given environment (the choice is made once per process). */
function chosenIn(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const backendFile = fileURLToPath(new URL('../backend/backend.ts', import.meta.url));
  const code = `import { getBackend } from ${JSON.stringify(backendFile)}; console.log(getBackend().name + '|' + getBackend().detail);`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
    env: { ...process.env, RNN_BACKEND: '', RNN_WASM_FMA: '', ...env },
  });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr };
}

describe('choosing the backend', { timeout: 30_000 }, () => {
  it('this runtime validates WebAssembly SIMD, so wasm is available and the default', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(availableBackends()).toEqual(['ml-matrix', 'js', 'wasm']);
    expect(chosenIn({}).stdout).toMatch(/^wasm\|.*bit-identical/);
  });

  it('RNN_BACKEND picks each backend, RNN_WASM_FMA=1 the fused variant', () => {
    expect(chosenIn({ RNN_BACKEND: 'js' }).stdout).toMatch(/^js\|/);
    expect(chosenIn({ RNN_BACKEND: 'ml-matrix' }).stdout).toMatch(/^ml-matrix\|/);
    expect(chosenIn({ RNN_BACKEND: 'wasm', RNN_WASM_FMA: '1' }).stdout).toMatch(/^wasm\|.*relaxed FMA/);
  });

  it('an unknown RNN_BACKEND is an error naming the choices', () => {
    const run = chosenIn({ RNN_BACKEND: 'blas' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("RNN_BACKEND: unknown backend 'blas'. Expected one of ml-matrix, js, wasm");
  });

  it('setBackend switches every product and returns the previous name', () => {
    setBackend('wasm');
    expect(setBackend('ml-matrix')).toBe('wasm');
    expect(getBackend().name).toBe('ml-matrix');
    expect(tensor([[1, 2]]).matmul(tensor([[3], [4]])).item()).toBe(11);
    expect(setBackend('js')).toBe('ml-matrix');
    expect(getBackend().name).toBe('js');
  });

  it('setBackend refuses an unknown name', () => {
    expect(() => setBackend('gpu' as 'js')).toThrow("setBackend: unknown backend 'gpu'. Expected one of ml-matrix, js, wasm");
    expect(getBackend().name).toBe(initial);
  });
});
