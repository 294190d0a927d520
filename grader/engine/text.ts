// Making text that came out of graded code safe to print: no terminal control sequences (which
// could redraw the grader's own lines), no paths of the temporary workspace.

// CSI/OSC escape sequences and every other control character except newline and tab.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function stripControl(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, '');
}

/** One printable line, at most `max` characters. */
export function oneLine(text: string, max = 300): string {
  const flat = stripControl(text).replace(/\s*\n\s*/g, ' ').replace(/\t/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

/** Printable lines, each shortened, at most `maxLines` of them. */
export function safeLines(text: string, maxLines = 12, maxWidth = 300): string[] {
  const lines = stripControl(text).replace(/\t/g, '  ').split('\n').map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const shown = lines.slice(0, maxLines).map((line) => (line.length > maxWidth ? line.slice(0, maxWidth - 1) + '…' : line));
  if (lines.length > maxLines) shown.push(`… (${lines.length - maxLines} more lines)`);
  return shown;
}

/** Rewrites absolute paths (of the workspace copy, of the course) to the paths a learner knows. */
export class PathMapper {
  private readonly pairs: Array<[string, string]>;
  constructor(pairs: Array<[string, string]>) {
    // Longest first, so /tmp/x/work/exercises wins over /tmp/x/work.
    this.pairs = pairs.filter(([from]) => from.length > 1).sort((a, b) => b[0].length - a[0].length);
  }
  map(text: string): string {
    let out = text.replace(/file:\/\//g, '');
    for (const [from, to] of this.pairs) out = out.split(from).join(to);
    return out;
  }
}
