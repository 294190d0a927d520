// Colour only on a terminal: FORCE_COLOR (not "0"/"false") turns it on, NO_COLOR (non-empty) turns it
// off, otherwise colour is used when the stream is a TTY. Pipes and files get plain text.

export interface ColorEnvironment {
  isTTY?: boolean;
  env?: Record<string, string | undefined>;
}

export function colorEnabled({ isTTY = process.stdout.isTTY === true, env = process.env }: ColorEnvironment = {}): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const;
export type ColorName = keyof typeof codes;

/** The ANSI code that starts colour `name`, or '' when colour is off. */
export function ansi(name: ColorName | 'reset', on = colorEnabled()): string {
  if (!on) return '';
  return name === 'reset' ? '\x1b[0m' : `\x1b[${codes[name]}m`;
}

/** `text` in colour `name` when colour is on. */
export function paint(name: ColorName, text: string, on = colorEnabled()): string {
  return on ? `${ansi(name, true)}${text}${ansi('reset', true)}` : text;
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
