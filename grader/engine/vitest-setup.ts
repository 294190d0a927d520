// Building the vitest instance the grader runs: the @submission alias, the runtime setup file,
// one forked worker per suite file, and (for graded code) Node's permission model.
import { createVitest, type Vitest, type TestUserConfig } from 'vitest/node';
import type { UserConfig as ViteUserConfig, Plugin } from 'vite';
import { Writable } from 'node:stream';
import { join, dirname, basename } from 'node:path';
import { realpathSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Reporter } from 'vitest/node';

export const GRADER_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const KIT_ENTRY = join(GRADER_DIR, 'kit', 'index.ts');
export const RUNTIME_SETUP = join(GRADER_DIR, 'runtime', 'setup.ts');

export interface VitestSetup {
  root: string;
  suiteFiles: string[];
  /** Where `@submission/<id>/<file>` points. */
  submissionDir: string;
  /** Load the runtime (watchdog, journal, guard) into the workers; off for collecting the manifest. */
  runtime: boolean;
  checkTimeoutMs: number;
  hookTimeoutMs: number;
  workers: number;
  execArgv: string[];
  env: Record<string, string>;
  plugins: Plugin[];
  reporter?: Partial<Reporter>;
  /** Everything vitest or its workers print goes here instead of the terminal. */
  output: Writable;
  /** Where vitest may look for and write snapshot files (never next to the suites). */
  snapshotDir: string;
  /** TMPDIR while vitest is created: it keeps the transformed modules workers import there. */
  viteTmp?: string;
}

/** Sink for vitest's own output; graded code prints are collected separately through the reporter. */
export function collectingStream(onText: (text: string) => void): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      onText(chunk.toString());
      done();
    },
  });
}

export async function createGraderVitest(setup: VitestSetup): Promise<Vitest> {
  const options: TestUserConfig & { config: false } = {
    config: false,
    root: setup.root,
    watch: false,
    include: setup.suiteFiles,
    setupFiles: setup.runtime ? [RUNTIME_SETUP] : [],
    pool: 'forks',
    isolate: true,
    fileParallelism: true,
    maxWorkers: setup.workers,
    testTimeout: setup.checkTimeoutMs,
    hookTimeout: setup.hookTimeoutMs,
    teardownTimeout: 2000,
    execArgv: setup.execArgv,
    env: setup.env,
    globals: false,
    passWithNoTests: true,
    allowOnly: false,
    // A reporter must be given: an empty list brings back vitest's default one.
    reporters: [(setup.reporter ?? {}) as Reporter],
    sequence: { hooks: 'stack', shuffle: false },
    resolveSnapshotPath: (testPath: string, extension: string) => join(setup.snapshotDir, basename(testPath) + extension),
    cache: false,
    coverage: { enabled: false },
  };
  const viteOverrides: ViteUserConfig = {
    resolve: {
      alias: [
        { find: /^@submission\/(.*)$/, replacement: `${setup.submissionDir}/$1` },
        { find: /^@grader\/kit$/, replacement: KIT_ENTRY },
      ],
    },
    plugins: setup.plugins,
    logLevel: 'silent',
    clearScreen: false,
  };
  const previousTmp = process.env.TMPDIR;
  if (setup.viteTmp) process.env.TMPDIR = setup.viteTmp;
  try {
    return await createVitest('test', options, viteOverrides, { stdout: setup.output, stderr: setup.output });
  } finally {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
  }
}

/** Node's permission flags for the workers: read the packages, the run's own files and vitest's transformed modules; write only scratch. */
export function permissionArgs(paths: { nodeModules: string; workspaceRoot: string; viteTmp: string; scratch: string }): string[] {
  const flag = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
  const tree = (dir: string) => `${realpathSync(dir)}/*`;
  const args = [flag, '--allow-worker', `--allow-fs-read=${tree(paths.workspaceRoot)}`, `--allow-fs-read=${tree(paths.viteTmp)}`,
    `--allow-fs-write=${tree(paths.scratch)}`];
  if (existsSync(paths.nodeModules)) args.push(`--allow-fs-read=${tree(paths.nodeModules)}`);
  return args;
}
