// Compiles the kernel text of gemm-wat.ts into the committed gemm.wasm and gemm-fma.wasm with
// npm's wabt (a dev dependency: the library itself only reads the bytes).
//
//     npx tsx lib/backend/wasm/build.ts          # rewrite the .wasm files
// A test (lib/test/wasm-bytes.test.ts) compiles again and fails if the committed bytes differ.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';
import { gemmWat } from './gemm-wat.ts';

/** The committed file of each variant, next to this script. */
export const WASM_FILES = { exact: 'gemm.wasm', fma: 'gemm-fma.wasm' } as const;

/** The module bytes of one variant, compiled from gemmWat(fma). */
export async function compileGemm(fma: boolean): Promise<Uint8Array> {
  const tools = await wabt();
  const module = tools.parseWat(fma ? 'gemm-fma.wat' : 'gemm.wat', gemmWat(fma), { simd: true, relaxed_simd: fma });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: true }).buffer;
  } finally {
    module.destroy();
  }
}

async function main(): Promise<void> {
  for (const fma of [false, true]) {
    const file = fileURLToPath(new URL(fma ? WASM_FILES.fma : WASM_FILES.exact, import.meta.url));
    const bytes = await compileGemm(fma);
    writeFileSync(file, bytes);
    console.log(`wrote ${file} (${bytes.length} bytes)`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
