// The rules of lessons/GLOSSARY.md that a program can check, over the course's Korean Markdown.
// Code blocks, the inside of code spans and HTML comments are not prose and are skipped.

/** Particles (and the copula) that standard spacing attaches to the word before them. */
const PARTICLES = [
  '으로부터', '로부터', '에서는', '에서도', '에서의', '에서', '으로는', '으로도', '으로만', '으로', '로는', '로도', '로만', '로',
  '에는', '에도', '에만', '에게', '에', '와는', '와도', '와의', '와', '과는', '과도', '과의', '과',
  '까지를', '까지는', '까지의', '까지도', '까지', '부터는', '부터', '만을', '만으로', '만큼', '만', '처럼', '보다', '마다',
  '이라서', '라서', '이라면', '라면', '이라는', '라는', '이라고', '라고', '이므로', '이지만', '입니다', '이다',
  '이나', '이며', '이고', '이면', '도', '의', '은', '는', '이', '가', '을', '를',
];

// A particle standing alone (followed by a space, punctuation or the end of the line) after a Latin letter, a digit,
// the end of a code span, inline math, a bold/italic marker or a closing bracket. "이 값", "가장" do not match:
// a particle must end where the word ends.
const spacedParticle = new RegExp(
  `([A-Za-z0-9_)\\]\`$%*'"’”])( )(${PARTICLES.join('|')})(?=[\\s.,;:!?)\\]」』·—–…*]|$)`,
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
