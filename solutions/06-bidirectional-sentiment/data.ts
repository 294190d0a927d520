// The toy sentiment corpus: short sentences of neutral words plus one sentiment word, labelled by a rule.
// BEGIN SOLUTION
import { Generator, defaultGenerator } from '../../lib/index.ts';
// STARTER
//> import { Generator, defaultGenerator, todo } from '../../lib/index.ts';
// END SOLUTION

export const POSITIVE_WORDS = ['good', 'great', 'happy', 'love'];
export const NEGATIVE_WORDS = ['bad', 'sad', 'awful', 'boring'];
export const NEUTRAL_WORDS = ['the', 'movie', 'was', 'food', 'day', 'this', 'really', 'very', 'a', 'it', 'so', 'my', 'trip', 'show', 'book', 'is'];

/** The labelling rule: 1 (positive) when some word of the sentence is in POSITIVE_WORDS, otherwise 0 (negative). */
export function sentimentLabel(sentence: string): 0 | 1 {
  // BEGIN SOLUTION
  const words = sentence.split(' ');
  return words.some((word) => POSITIVE_WORDS.includes(word)) ? 1 : 0;
  // STARTER
  // TODO(1단계): 문장을 단어로 나누어, POSITIVE_WORDS의 단어가 하나라도 있으면 1, 아니면 0을 돌려주세요.
  //   힌트: README.md의 "힌트 1".
  //> return todo('sentimentLabel');
  // END SOLUTION
}

export interface SentimentData {
  sentences: string[];
  labels: number[];
}

/**
 * n sentences, half of them built around a positive word and half around a negative one: 1 or 2
 * neutral words with the sentiment word at a random position. Labels come from sentimentLabel.
 */
export function makeSentimentData(n = 200, { generator }: { generator?: Generator } = {}): SentimentData {
  const rng = generator ?? defaultGenerator();
  const pick = (words: string[]) => words[Math.floor(rng.random() * words.length)];
  const sentences: string[] = [];
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 1 + Math.floor(rng.random() * 2) }, () => pick(NEUTRAL_WORDS));
    const sentimentWord = pick(i % 2 === 0 ? POSITIVE_WORDS : NEGATIVE_WORDS);
    words.splice(Math.floor(rng.random() * (words.length + 1)), 0, sentimentWord);
    sentences.push(words.join(' '));
  }
  return { sentences, labels: sentences.map(sentimentLabel) };
}

/** A random 80 / 20 split of the indices 0 … n-1 (holdoutFraction of them held out for testing). */
export function holdoutSplit(n: number, holdoutFraction = 0.2, { generator }: { generator?: Generator } = {}): { trainIndices: number[]; holdoutIndices: number[] } {
  const rng = generator ?? defaultGenerator();
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const holdoutSize = Math.round(n * holdoutFraction);
  return { trainIndices: order.slice(holdoutSize), holdoutIndices: order.slice(0, holdoutSize) };
}
