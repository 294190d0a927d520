// Fitting the watch's screen to the terminal: long lines wrap at word boundaries with a hanging indent
// (a terminal's own wrap breaks words and loses the indentation that groups a reason with its check),
// and widths count columns, not characters: Hangul and other wide characters take two, the escape
// sequences of colours none. No dependency: the packages that do this are only transitive ones here.

const ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]/y;

function isWide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f) // Hangul Jamo
    || (code >= 0x2e80 && code <= 0x303e) // CJK radicals, punctuation
    || (code >= 0x3041 && code <= 0x33ff) // kana, compatibility Jamo, CJK symbols
    || (code >= 0x3400 && code <= 0x4dbf)
    || (code >= 0x4e00 && code <= 0x9fff)
    || (code >= 0xa960 && code <= 0xa97f)
    || (code >= 0xac00 && code <= 0xd7a3) // Hangul syllables
    || (code >= 0xf900 && code <= 0xfaff)
    || (code >= 0xfe30 && code <= 0xfe4f)
    || (code >= 0xff00 && code <= 0xff60)
    || (code >= 0xffe0 && code <= 0xffe6)
    || (code >= 0x1f300 && code <= 0x1f64f)
    || (code >= 0x20000 && code <= 0x3fffd);
}

function isZeroWidth(code: number): boolean {
  return (code >= 0x0300 && code <= 0x036f) || (code >= 0x200b && code <= 0x200f) || code === 0xfe0f;
}

/** Columns one character takes. */
export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || isZeroWidth(code)) return 0;
  return isWide(code) ? 2 : 1;
}

interface Token {
  text: string;
  width: number;
}

/** Characters and escape sequences (width 0), in order. */
function tokens(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    ESCAPE.lastIndex = i;
    const escape = ESCAPE.exec(line);
    if (escape) {
      out.push({ text: escape[0], width: 0 });
      i += escape[0].length;
      continue;
    }
    const char = String.fromCodePoint(line.codePointAt(i)!);
    out.push({ text: char, width: charWidth(char) });
    i += char.length;
  }
  return out;
}

/** The columns a line takes on a terminal. */
export function displayWidth(line: string): number {
  return tokens(line).reduce((sum, token) => sum + token.width, 0);
}

/**
 * One line as lines of at most `width` columns: broken after the last space that fits (mid-word only
 * when a word is longer than a line), continued with the line's own indentation plus `extraIndent`.
 * Colours stay open across the break: a terminal keeps the style from one line to the next.
 */
export function wrapLine(line: string, width: number, extraIndent = 2): string[] {
  if (width <= 0 || displayWidth(line) <= width) return [line];
  const indentWidth = (/^ */.exec(line)?.[0].length ?? 0) + extraIndent;
  const indent = ' '.repeat(Math.min(indentWidth, Math.floor(width / 2)));
  const all = tokens(line);
  const out: string[] = [];
  let current: Token[] = [];
  let used = 0;
  const flush = (upTo: number) => {
    const taken = current.slice(0, upTo);
    out.push(taken.map((token) => token.text).join('').replace(/ +$/, ''));
    // What follows the break starts the next line, without the spaces it broke at.
    let rest = current.slice(upTo);
    while (rest.length > 0 && rest[0].text === ' ') rest = rest.slice(1);
    current = [{ text: indent, width: indent.length }, ...rest];
    used = current.reduce((sum, token) => sum + token.width, 0);
  };
  for (const token of all) {
    // Until the token fits: break at the last space past the indentation, else mid-word. A line that
    // holds nothing but its indentation takes the token as it is.
    for (let guard = 0; used + token.width > width && token.width > 0 && guard < 3; guard++) {
      const start = current.findIndex((candidate) => candidate.width > 0 && candidate.text !== ' ') + 1;
      if (start === 0 || (start === current.length && current[start - 1].text === indent)) break;
      let at = -1;
      for (let k = current.length - 1; k >= start; k--) if (current[k].text === ' ') { at = k; break; }
      flush(at > 0 ? at : current.length);
    }
    if (token.text === ' ' && current.length === 1 && current[0].text === indent) continue;
    current.push(token);
    used += token.width;
  }
  out.push(current.map((token) => token.text).join(''));
  return out;
}

/** One line cut to `width` columns, ending in "…" when something was cut. */
export function cutLine(line: string, width: number): string {
  if (displayWidth(line) <= width) return line;
  let used = 0;
  let out = '';
  for (const token of tokens(line)) {
    if (used + token.width > width - 1) break;
    out += token.text;
    used += token.width;
  }
  // Close any style left open by the cut.
  return `${out.replace(/ +$/, '')}…${line.includes('\u001b[') ? '\u001b[0m' : ''}`;
}

/** Every line of `text` wrapped to `width` (no wrapping when width is unknown). */
export function wrapText(lines: readonly string[], width: number | undefined): string[] {
  if (!width || width < 20) return [...lines];
  return lines.flatMap((line) => wrapLine(line, width));
}
