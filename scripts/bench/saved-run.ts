// The JSON that `npm run bench -- --save <file>` writes: one benchmark run, every time kept, so that
// the speed table of lib/README.md is generated from a run on record (scripts/bench/speed-table.ts)
// and a test can tell when the two part ways.

export interface SavedResult {
  /** 'wasm', 'js', 'wasm-fma', 'ml-matrix', or 'torch-f64' / 'torch-f32'. */
  implementation: string;
  /** As the bench printed it, e.g. "this library, wasm (f64x2 SIMD, …)" or "PyTorch 1.13 float64, libopenblas…". */
  label: string;
  /** Median of runsMs: ms per training step. */
  medianMs: number;
  runsMs: number[];
  finalLoss: number;
}

export interface SavedBench {
  /** The command that made it. */
  command: string;
  /** ISO time of the start of the run. */
  date: string;
  machine: string;
  node: string;
  repeats: number;
  /** os.loadavg() before and after (1, 5, 15 min). */
  loadBefore: number[];
  loadAfter: number[];
  /** The BLAS library PyTorch had loaded ('' without PyTorch). */
  blas: string;
  workloads: { name: string; description: string; steps: number; results: SavedResult[] }[];
}
