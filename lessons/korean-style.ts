// The rules of lessons/GLOSSARY.md that a program can check, over the course's Korean Markdown.
// Code blocks, the inside of code spans and HTML comments are not prose and are skipped.

/** Particles (and the copula) that standard spacing attaches to the word before them. */
const PARTICLES = [
  '으로부터', '로부터', '에서는', '에서도', '에서의', '에서', '으로는', '으로도', '으로만', '으로', '로는', '로도', '로만', '로',
  '에는', '에도', '에만', '에게', '에', '와는', '와도', '와의', '와', '과는', '과도', '과의', '과',
  '까지를', '까지는', '까지의', '까지도', '까지', '부터는', '부터', '만을', '만으로', '만큼', '만', '처럼', '보다', '마다',
  '이라서', '라서', '이라면', '라면', '이라는', '라는', '이라고', '라고', '이므로', '이지만', '입니다', '이다',
  '이어야', '이나', '이며', '이고', '이면', '인', '도', '의', '은', '는', '이', '가', '을', '를',
];

// A particle standing alone (followed by a space, punctuation or the end of the line) after a Latin letter, a digit,
// the end of a code span, inline math, a bold/italic marker or a closing bracket. "이 값", "가장" do not match:
// a particle must end where the word ends.
const spacedParticle = new RegExp(
  `([A-Za-z0-9_)\\]}\`$%*'"’”])( )(${PARTICLES.join('|')})(?=[\\s.,;:!?)\\]」』·—–…*]|$)`,
  'gu',
);

// **bold** closed right after punctuation and followed by a Hangul letter: GitHub does not render it as bold.
const brokenBold = /\*\*[^*\n]*?[^\p{L}\p{N}\s*]\*\*(?=\p{Script=Hangul})/gu;

/** One term per concept: the variants GLOSSARY.md retires, with the term that replaces each. */
export const RETIRED_TERMS: { variant: RegExp; use: string }[] = [
  { variant: /걸음/gu, use: '스텝' },
  { variant: /폭발/gu, use: '폭주' },
  { variant: /그래디언트/gu, use: '기울기' },
  { variant: /타임 ?스텝/gu, use: '시점 또는 스텝' },
  { variant: /스펙트럴/gu, use: '스펙트럼' },
  { variant: /채움/gu, use: '패딩' },
];

export interface StyleProblem {
  line: number;
  rule: 'spaced particle' | 'broken bold' | 'retired term';
  text: string;
  hint: string;
}

/** The prose of a Markdown file, line by line: fenced code, HTML comments and code span contents blanked. */
export function proseLines(markdown: string): string[] {
  let inFence = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return '';
    }
    if (inFence) return '';
    return line
      .replace(/<!--.*?-->/g, '')
      .replace(/(`+)(?!`)(.+?)(?<!`)\1(?!`)/g, (_m, ticks: string) => `${ticks}x${ticks}`); // keep the backticks, drop the code
  });
}

export function checkKoreanStyle(markdown: string, { checkRetired = true } = {}): StyleProblem[] {
  const problems: StyleProblem[] = [];
  proseLines(markdown).forEach((text, i) => {
    const line = i + 1;
    for (const m of text.matchAll(spacedParticle)) {
      const around = text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 6);
      problems.push({ line, rule: 'spaced particle', text: around, hint: `attach "${m[3]}": "${m[1]}${m[3]}"` });
    }
    for (const m of text.matchAll(brokenBold)) {
      problems.push({ line, rule: 'broken bold', text: m[0], hint: 'move the particle inside the bold: **…)도**' });
    }
    if (!checkRetired) return;
    for (const { variant, use } of RETIRED_TERMS) {
      for (const m of text.matchAll(variant)) {
        problems.push({ line, rule: 'retired term', text: text.slice(Math.max(0, m.index - 15), m.index + m[0].length + 10), hint: `write "${use}" instead of "${m[0]}"` });
      }
    }
  });
  return problems;
}

// ---- Korean comments in TypeScript (solutions/ and exercises/) ----

/** `//> code`: a starter line of solutions/ (scripts/course/markers.ts); its payload is code, not comment. */
const STARTER_CODE_LINE = /^(\s*)\/\/>(?=\s|$)/;
/** A `/` after one of these (or at the start) begins a regular expression literal, not a division. */
const BEFORE_REGEX = /[(,=:[!&|?{};+\-*%<>~^]/;
const KEYWORDS_BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

/**
 * The comment text of a TypeScript file, line by line: code, string and template literals, regular expressions and
 * comment delimiters (`//`, `/*`, `*\/`, a block comment's leading `*`) are blanked to spaces, so line numbers and the
 * checker's "after a Latin letter" test see only what a comment says. In a solution file, a `//> code` starter line is
 * lexed as the code it becomes in the starter (its own comments are kept, its strings dropped).
 */
export function commentLines(source: string): string[] {
  const text = source
    .split('\n')
    .map((line) => line.replace(STARTER_CODE_LINE, (_m, indent: string) => `${indent}   `))
    .join('\n');
  const out: string[] = [...text].map((c) => (c === '\n' ? '\n' : ' '));
  const chars = [...text];
  // `code` counts the open braces of the code it is in, so a `}` at zero closes a template's `${`.
  const stack: ({ mode: 'code'; braces: number } | { mode: 'template' })[] = [{ mode: 'code', braces: 0 }];
  let last = ''; // the last significant code character
  let lastWord = ''; // the identifier that ends right before it, if any
  let i = 0;
  const keepComment = (from: number, to: number) => {
    for (let k = from; k < to; k++) out[k] = chars[k];
  };
  while (i < chars.length) {
    const top = stack[stack.length - 1];
    const c = chars[i];
    if (top.mode === 'template') {
      if (c === '\\') i += 2;
      else if (c === '`') {
        stack.pop();
        last = '`';
        lastWord = '';
        i++;
      } else if (c === '$' && chars[i + 1] === '{') {
        stack.push({ mode: 'code', braces: 0 });
        last = '{';
        i += 2;
      } else i++;
      continue;
    }
    // code
    if (c === '/' && chars[i + 1] === '/') {
      let end = i;
      while (end < chars.length && chars[end] !== '\n') end++;
      keepComment(i + 2, end);
      i = end;
      continue;
    }
    if (c === '/' && chars[i + 1] === '*') {
      let end = i + 2;
      while (end < chars.length && !(chars[end] === '*' && chars[end + 1] === '/')) end++;
      let start = i + 2;
      while (start < end && chars[start] === '*') start++; // `/**` opens JSDoc
      keepComment(start, end);
      // a JSDoc line's leading `*` is a delimiter, not text
      for (let k = start; k < end; k++) {
        if (chars[k] !== '*') continue;
        let s = k - 1;
        while (s > i + 1 && (chars[s] === ' ' || chars[s] === '\t')) s--;
        if (chars[s] === '\n') out[k] = ' ';
      }
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let end = i + 1;
      while (end < chars.length && chars[end] !== c && chars[end] !== '\n') end += chars[end] === '\\' ? 2 : 1;
      i = end + 1;
      last = c;
      lastWord = '';
      continue;
    }
    if (c === '`') {
      stack.push({ mode: 'template' });
      i++;
      continue;
    }
    if (c === '/' && (last === '' || BEFORE_REGEX.test(last) || KEYWORDS_BEFORE_REGEX.has(lastWord))) {
      let end = i + 1;
      let inClass = false;
      while (end < chars.length && chars[end] !== '\n' && (inClass || chars[end] !== '/')) {
        if (chars[end] === '\\') end++;
        else if (chars[end] === '[') inClass = true;
        else if (chars[end] === ']') inClass = false;
        end++;
      }
      i = end + 1;
      last = '/';
      lastWord = '';
      continue;
    }
    if (top.mode === 'code' && c === '{') top.braces++;
    if (top.mode === 'code' && c === '}') {
      if (top.braces === 0 && stack.length > 1) {
        stack.pop(); // back into the template
        i++;
        continue;
      }
      top.braces--;
    }
    if (/[\p{L}\p{N}_$]/u.test(c)) {
      let end = i;
      while (end < chars.length && /[\p{L}\p{N}_$]/u.test(chars[end])) end++;
      lastWord = chars.slice(i, end).join('');
      last = chars[end - 1];
      i = end;
      continue;
    }
    if (!/\s/.test(c)) {
      last = c;
      lastWord = '';
    }
    i++;
  }
  return out.join('').split('\n');
}

/** checkKoreanStyle over the comments of a TypeScript file (code and strings are not looked at). */
export function checkKoreanComments(source: string, options: { checkRetired?: boolean } = {}): StyleProblem[] {
  return checkKoreanStyle(commentLines(source).join('\n'), options);
}
