// The committed .wasm files are exactly what the readable source (lib/backend/wasm/gemm-wat.ts)
// compiles to with wabt: nobody can change the bytes without changing the source.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WASM_FILES, compileGemm } from '../backend/wasm/build.ts';
import { gemmWat } from '../backend/wasm/gemm-wat.ts';

const committed = (file: string) => new Uint8Array(readFileSync(new URL(`../backend/wasm/${file}`, import.meta.url)));

describe('wasm bytes are built from gemm-wat.ts', () => {
  it.each([
    ['exact', false, WASM_FILES.exact],
    ['fma', true, WASM_FILES.fma],
  ] as const)('%s variant: rebuilding gives the committed %s', async (_variant, fma, file) => {
    const rebuilt = await compileGemm(fma);
    expect(rebuilt.length).toBe(committed(file).length);
    expect(Buffer.from(rebuilt).equals(Buffer.from(committed(file))), `${file} differs from a fresh build: run npx tsx lib/backend/wasm/build.ts`).toBe(true);
  });

  it('the exact variant has no fused multiply-add; the fma variant uses relaxed_madd', () => {
    expect(gemmWat(false)).not.toContain('relaxed');
    expect(gemmWat(false)).toContain('f64x2.mul');
    expect(gemmWat(true)).toContain('f64x2.relaxed_madd');
  });
});
