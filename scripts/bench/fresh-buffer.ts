// What a fresh large Float64Array costs against a reused one: the system hands new memory over page
// by page (glibc serves allocations this large with mmap, and returns them when freed), which is why
// a recurrent layer's output — a buffer new every step, since the caller may keep it — shows up as
// "fillRows" in scripts/bench/profile.ts. Compare with MALLOC_MMAP_THRESHOLD_=67108864
// MALLOC_TRIM_THRESHOLD_=268435456 in the environment: a process setting the library cannot make.
//
//   npx tsx scripts/bench/fresh-buffer.ts [doubles]     # default: rnn-h256's output, (3200 + 32) × 256
const doubles = Number(process.argv[2] ?? 3232 * 256);
const row = new Float64Array(256).fill(1);

function fill(m: Float64Array): void {
  for (let at = 0; at + row.length <= m.length; at += row.length) m.set(row, at);
}

const reused = new Float64Array(doubles);
for (const fresh of [true, false, true, false]) {
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) fill(fresh ? new Float64Array(doubles) : reused);
  console.log(`${fresh ? 'fresh ' : 'reused'} ${(doubles * 8 / 2 ** 20).toFixed(1)} MiB, filled: ${((performance.now() - t0) / 20).toFixed(2)} ms`);
}
