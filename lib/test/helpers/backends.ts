// Runs a block of tests once per product backend this runtime offers (ml-matrix, js, wasm), so
// every PyTorch fixture suite proves every backend. The backend is set before the block's tests
// and the previous one restored after; each test checks that its backend really was the active one.
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { availableBackends, getBackend, setBackend } from '../../backend/backend.ts';
import type { BackendName } from '../../backend/products.ts';

export function onEveryBackend(title: string, body: (backend: BackendName) => void): void {
  describe.each(availableBackends())(`${title} [%s backend]`, (backend) => {
    let previous: BackendName;
    beforeAll(() => {
      previous = setBackend(backend);
    });
    afterEach(() => {
      expect(getBackend().name, 'the backend a test ran on').toBe(backend);
    });
    afterAll(() => {
      setBackend(previous);
    });
    body(backend);
  });
}
