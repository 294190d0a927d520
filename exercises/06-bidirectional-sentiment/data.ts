// The toy sentiment corpus: short sentences of neutral words plus one sentiment word, labelled by a rule,
// and the seeded 80 / 20 split into training and hold-out sentences.
import { Generator, todo } from '../../lib/index.ts';

// The word lists of the exercise (the note asks for "a simple rule" only; these lists are the course's).
export const POSITIVE_WORDS = ['good', 'great', 'happy', 'love'];
export const NEGATIVE_WORDS = ['bad', 'sad', 'awful', 'boring'];
export const NEUTRAL_WORDS = ['the', 'movie', 'was', 'food', 'day', 'this', 'really', 'very', 'a', 'it', 'so', 'my', 'trip', 'show', 'book', 'is'];

/** The labelling rule: 1 (positive) when some word of the sentence is in POSITIVE_WORDS, otherwise 0 (negative). */
export function sentimentLabel(sentence: string): 0 | 1 {
  // TODO(1단계): 문장을 단어로 나누어, POSITIVE_WORDS의 단어가 하나라도 있으면 1, 아니면 0을 돌려주세요.
  //   힌트: README.md의 "힌트 1".
  return todo('sentimentLabel');
}

export interface SentimentData {
  sentences: string[];
  labels: number[];
}

/**
 * n sentences (200 by default), each 1 or 2 neutral words with one sentiment word at a random position;
 * half of them (n/2 for an even n) around a positive word, the other half around a negative one.
 * Labels come from sentimentLabel. Every random draw comes from `generator` (the global one when omitted).
 */
export function makeSentimentData(n = 200, { generator }: { generator?: Generator } = {}): SentimentData {
  // TODO(2단계): 문장 n개를 만드세요. 문장마다 중립 단어 1–2개 사이의 임의 위치에 감성 단어 하나,
  //   긍정 문장과 부정 문장은 반반. 단어 수, 단어, 위치는 모두 고르게(uniform) 뽑습니다.
  //   난수는 모두 generator에서 뽑습니다 (없으면 defaultGenerator()).
  //   레이블은 sentimentLabel로. 힌트: README.md의 "힌트 2".
  return todo('makeSentimentData');
}

/**
 * A random split of the indices 0 … n-1: round(n · holdoutFraction) of them held out for testing, the rest
 * for training; the two lists are disjoint and together hold every index once. Draws from `generator`.
 */
export function holdoutSplit(n: number, holdoutFraction = 0.2, { generator }: { generator?: Generator } = {}): { trainIndices: number[]; holdoutIndices: number[] } {
  // TODO(3단계): 0 … n-1을 generator로 고르게 섞은 뒤 round(n · holdoutFraction)개를 홀드아웃으로, 나머지를 학습용으로
  //   나누세요. 두 목록은 겹치지 않고, 합치면 모든 인덱스가 한 번씩 나옵니다. 힌트: README.md의 "힌트 3".
  return todo('holdoutSplit');
}
