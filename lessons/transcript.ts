// What a demo prints, kept by name, so a lesson README can quote it and a test can hold the two together.
// A demo logs through a Transcript: `log` prints (unless quiet) and records the line, without colour, in
// the open block; `value` records one number exactly as the README shows it. `npm run lesson -- --sync`
// writes blocks and values into the README markers `<!-- demo:NAME -->…<!-- /demo -->`.
import { format } from 'node:util';
import { stripAnsi } from '../scripts/ex/terminal.ts';

/** A command-line option of a demo: `npm run lesson -- 11 --sequence-length 30` sets `main({ sequenceLength: 30 })`. */
export interface DemoOption {
  flag: string;
  key: string;
  description: string;
}

export class Transcript {
  /** Recorded output blocks (lines without colour), by name. */
  readonly blocks = new Map<string, string[]>();
  /** Recorded markdown (tables the README shows as tables), by name. */
  readonly markdown = new Map<string, string>();
  /** Recorded single numbers or words, by name, formatted as the README shows them. */
  readonly values = new Map<string, string>();
  private open: string[] | undefined;

  constructor(private readonly quiet = false) {}

  /** Prints like console.log (unless quiet) and records the uncoloured line in the open block. */
  readonly log = (...parts: unknown[]): void => {
    const text = format(...parts);
    if (!this.quiet) console.log(text);
    this.open?.push(...stripAnsi(text).split('\n'));
  };

  /** Starts recording the following lines as block `name` (ends the block that was open). */
  block(name: string): void {
    if (this.blocks.has(name)) throw new Error(`transcript block "${name}" recorded twice`);
    this.open = [];
    this.blocks.set(name, this.open);
  }

  /** Stops recording lines. */
  endBlock(): void {
    this.open = undefined;
  }

  /** Records `text` as value `name` and returns it, so a demo can print what it records. */
  value(name: string, text: string | number): string {
    const shown = String(text);
    if (this.values.has(name)) throw new Error(`transcript value "${name}" recorded twice`);
    this.values.set(name, shown);
    return shown;
  }

  /** Records a markdown table: a header row and body rows of cells already formatted; `align` is one
   *  letter per column, l or r (default: first column left, the others right). */
  table(name: string, header: string[], rows: (string | number)[][], align?: string): string {
    const line = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
    const rule = header.map((_, i) => ((align ?? `l${'r'.repeat(header.length - 1)}`)[i] === 'r' ? '---:' : '---'));
    const text = [line(header), `|${rule.join('|')}|`, ...rows.map(line)].join('\n');
    this.markdown.set(name, text);
    return text;
  }

  /** What the README marker `<!-- demo:NAME -->` should contain, or undefined when nothing was recorded. */
  contentFor(name: string): string | undefined {
    const block = this.blocks.get(name);
    if (block) {
      const lines = [...block];
      while (lines.length && lines[0].trim() === '') lines.shift();
      while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
      return `\n\`\`\`text\n${lines.map((l) => l.replace(/\s+$/, '')).join('\n')}\n\`\`\`\n`;
    }
    const markdown = this.markdown.get(name);
    if (markdown !== undefined) return `\n${markdown}\n`;
    return this.values.get(name);
  }

  names(): string[] {
    return [...this.blocks.keys(), ...this.markdown.keys(), ...this.values.keys()];
  }
}

/** 1.23 × 10⁴⁵ as the README writes it (plain below 1000, and for numbers between 0.01 and 1). */
export function sci(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 0.01 && Math.abs(value) < 1000) {
    const shown = value.toPrecision(digits);
    return shown.includes('e') ? String(Number(shown)) : shown; // 154 at 2 digits: "150", not "1.5e+2"
  }
  const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
  const superscript = [...String(Number(exponent))].map((ch) => '⁰¹²³⁴⁵⁶⁷⁸⁹'['0123456789'.indexOf(ch)] ?? '⁻').join('');
  return `${mantissa} × 10${superscript}`;
}
