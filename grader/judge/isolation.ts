// How the submission's process is walled off, strongest first:
//   bwrap      — bubblewrap: new user, PID, network, IPC, UTS and mount namespaces; the process sees
//                only /usr (for node), the library, the probe harness and its own exercise copy.
//   unshare    — util-linux unshare: new user, PID, network, IPC and mount namespaces (its /proc shows
//                only itself); the file system is limited by Node's permission model alone.
//   permission — Node's permission model only (macOS, Windows, kernels without user namespaces).
// Every mode also runs node under the permission model (reads limited to the sandbox's files,
// writes to its scratch folder, no child processes), so the weaker modes lose a wall, not all.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraderError } from '../engine/types.ts';

export type IsolationMode = 'bwrap' | 'unshare' | 'permission';
export const ISOLATION_MODES: readonly IsolationMode[] = ['bwrap', 'unshare', 'permission'];

/** What each mode guarantees, in one line (for the report and results.json). */
export const ISOLATION_SUMMARY: Record<IsolationMode, string> = {
  bwrap: 'bubblewrap namespaces (PID, network, IPC, mount) + Node permission model',
  unshare: 'unshare namespaces (PID, network, IPC, mount) + Node permission model for files',
  permission: 'Node permission model only: files are limited; signals to other processes of this user and the network are not',
};

/** Paths of one sandboxed exercise, as the judge sees them on the host. */
export interface SandboxPaths {
  /** Run folder: package.json, lib/, grader/sandbox/, exercises/<id>/. */
  base: string;
  exerciseId: string;
  /** The course's node_modules (read-only). */
  nodeModules: string;
  /** The only writable folder. */
  scratch: string;
  /**
   * The library settings the sandbox's copy of lib/ reads from its environment (RNN_BACKEND,
   * RNN_WASM_FMA): the judge's own, so that both run the same product backend.
   */
  libraryEnv?: Record<string, string>;
}

export interface Launch {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Working directory on the host (the scratch folder). */
  cwd: string;
}

const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), 'launcher.mjs');

let detected: IsolationMode | null = null;

/**
 * Whether `command args` exits 0. A failure is tried twice more: on a busy machine a namespace or a
 * process can be refused for a moment (EAGAIN), and one refusal must not downgrade a whole run's isolation.
 */
function works(command: string, args: string[]): boolean {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const result = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 });
      if (result.status === 0) return true;
      if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') return false; // not installed
    } catch {
      return false;
    }
  }
  return false;
}

function probeMode(mode: IsolationMode): boolean {
  if (mode === 'permission') return process.allowedNodeEnvironmentFlags.has('--experimental-permission') || process.allowedNodeEnvironmentFlags.has('--permission');
  if (process.platform !== 'linux') return false;
  if (mode === 'bwrap') return works('bwrap', ['--unshare-all', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', 'true']);
  return works('unshare', ['--user', '--map-root-user', '--pid', '--net', '--ipc', '--mount', '--fork', '--kill-child', '--mount-proc', 'true']);
}

/**
 * The strongest mode this machine offers, or the one asked for (`--isolation`, env
 * GRADER_ISOLATION). A mode that was asked for but does not work is an error, never a silent downgrade.
 */
export function chooseIsolation(requested?: string): IsolationMode {
  const wanted = requested ?? process.env.GRADER_ISOLATION;
  if (wanted !== undefined && wanted !== '' && wanted !== 'auto') {
    if (!ISOLATION_MODES.includes(wanted as IsolationMode)) {
      throw new GraderError(`unknown isolation mode '${wanted}': expected one of ${ISOLATION_MODES.join(', ')} or auto`);
    }
    if (!probeMode(wanted as IsolationMode)) {
      throw new GraderError(`isolation mode '${wanted}' was asked for but does not work on this machine`
        + (wanted === 'bwrap' ? ' (install bubblewrap: apt-get install -y bubblewrap; user namespaces must be allowed)' : ''));
    }
    return wanted as IsolationMode;
  }
  detected ??= ISOLATION_MODES.find(probeMode) ?? null;
  if (!detected) throw new GraderError('no way to isolate graded code here: Node lacks the permission model (need Node >= 20.19)');
  return detected;
}

function permissionFlag(): string {
  return process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
}

/** node's own arguments inside the sandbox, for a layout rooted at `root` (host or mounted paths). */
function nodeArgs(root: string, exerciseId: string, nodeModules: string, scratch: string, heapMb: number): string[] {
  return [
    '--no-warnings',
    `--max-old-space-size=${heapMb}`,
    '--stack-size=2000',
    '--enable-source-maps', // the learner's own line numbers in stack frames
    permissionFlag(),
    '--allow-worker', // module hooks run on a worker thread
    `--allow-fs-read=${root}/package.json`,
    `--allow-fs-read=${root}/lib/*`,
    `--allow-fs-read=${root}/grader/sandbox/*`,
    `--allow-fs-read=${root}/exercises/${exerciseId}/*`,
    `--allow-fs-read=${nodeModules}/*`,
    `--allow-fs-write=${scratch}/*`,
    '--import', `${root}/grader/sandbox/register.mjs`,
    `${root}/grader/sandbox/harness.ts`,
    `${root}/exercises/${exerciseId}`,
    `${root}/lib/index.ts`,
  ];
}

/** The command that starts one exercise's sandboxed process in the given mode. */
export function launchFor(mode: IsolationMode, paths: SandboxPaths, heapMb: number): Launch {
  const node = process.execPath;
  if (mode === 'bwrap') {
    const inside = '/course';
    const args = [
      '--unshare-all', '--die-with-parent', '--new-session', '--clearenv',
      '--setenv', 'PATH', '/usr/bin:/bin', '--setenv', 'HOME', '/scratch', '--setenv', 'TMPDIR', '/scratch', '--setenv', 'LANG', 'C.UTF-8',
      ...Object.entries(paths.libraryEnv ?? {}).flatMap(([name, value]) => ['--setenv', name, value]),
      '--ro-bind', '/usr', '/usr',
      '--ro-bind-try', '/lib', '/lib', '--ro-bind-try', '/lib64', '/lib64', '--ro-bind-try', '/bin', '/bin',
      '--ro-bind-try', '/etc/ld.so.cache', '/etc/ld.so.cache',
      '--ro-bind', dirname(node), '/sandbox-node',
      '--ro-bind', `${paths.base}/package.json`, `${inside}/package.json`,
      '--ro-bind', `${paths.base}/lib`, `${inside}/lib`,
      '--ro-bind', `${paths.base}/grader/sandbox`, `${inside}/grader/sandbox`,
      '--ro-bind', `${paths.base}/exercises/${paths.exerciseId}`, `${inside}/exercises/${paths.exerciseId}`,
      '--ro-bind', paths.nodeModules, `${inside}/node_modules`,
      '--bind', paths.scratch, '/scratch',
      '--tmpfs', '/tmp', '--proc', '/proc', '--dev', '/dev', '--chdir', '/scratch',
      `/sandbox-node/${node.split('/').pop()}`,
      ...nodeArgs(inside, paths.exerciseId, `${inside}/node_modules`, '/scratch', heapMb),
    ];
    return { command: 'bwrap', args, env: {}, cwd: paths.scratch };
  }
  const env = { PATH: dirname(node), HOME: paths.scratch, TMPDIR: paths.scratch, LANG: 'C.UTF-8', ...paths.libraryEnv };
  const args = nodeArgs(paths.base, paths.exerciseId, paths.nodeModules, paths.scratch, heapMb);
  if (mode === 'unshare') {
    return { command: 'unshare', args: ['--user', '--map-root-user', '--pid', '--net', '--ipc', '--mount', '--fork', '--kill-child', '--mount-proc', node, ...args], env, cwd: paths.scratch };
  }
  // The launcher stands between the grader and the sandbox (see launcher.mjs).
  return { command: node, args: [LAUNCHER, node, ...args], env, cwd: paths.scratch };
}
