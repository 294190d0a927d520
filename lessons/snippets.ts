// Keeps lesson text and demo code from drifting apart: a README code block introduced by
// `<!-- snippet: NAME -->` must equal the region `// #region NAME` … `// #endregion` of demo.ts.
import { readFileSync } from 'node:fs';

export interface SnippetPair {
  name: string;
  inReadme: string;
  inDemo: string | undefined;
}

/** The regions of a TypeScript file, by name, with their common indentation removed. */
export function demoRegions(source: string): Map<string, string> {
  const regions = new Map<string, string>();
  const pattern = /^[ \t]*\/\/ #region ([\w-]+)[^\n]*\n([\s\S]*?)^[ \t]*\/\/ #endregion/gm;
  for (const match of source.matchAll(pattern)) regions.set(match[1], dedent(match[2]));
  return regions;
}

/** The README code blocks that follow a `<!-- snippet: NAME -->` marker. */
export function readmeSnippets(markdown: string): Map<string, string> {
  const snippets = new Map<string, string>();
  const pattern = /<!-- snippet: ([\w-]+) -->\s*\n```(?:ts|typescript)\n([\s\S]*?)```/g;
  for (const match of markdown.matchAll(pattern)) snippets.set(match[1], dedent(match[2]));
  return snippets;
}

export function dedent(text: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.match(/^[ \t]*/)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

export function snippetPairs(readmePath: string, demoPath: string): SnippetPair[] {
  const regions = demoRegions(readFileSync(demoPath, 'utf8'));
  return [...readmeSnippets(readFileSync(readmePath, 'utf8'))].map(([name, inReadme]) => ({
    name,
    inReadme,
    inDemo: regions.get(name),
  }));
}
