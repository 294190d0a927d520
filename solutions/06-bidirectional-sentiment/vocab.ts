// The character vocabulary: space and a–z, 27 symbols. Index 0 is the space, which also pads short sentences.
import { Tensor, tensor } from '../../lib/index.ts';

export const VOCAB = ' abcdefghijklmnopqrstuvwxyz';
export const VOCAB_SIZE = VOCAB.length; // 27

/** A sentence → `length` character indices (' ' → 0, 'a' → 1, …, 'z' → 26), padded at the end with 0. */
export function encodeSentence(sentence: string, length: number): number[] {
  if (sentence.length > length) {
    throw new Error(`encodeSentence: the sentence has ${sentence.length} characters, more than length ${length}`);
  }
  const indices = Array.from(sentence, (char, position) => {
    const index = VOCAB.indexOf(char);
    if (index < 0) {
      throw new Error(`encodeSentence: expected lowercase letters a-z or spaces, got ${JSON.stringify(char)} at position ${position}`);
    }
    return index;
  });
  while (indices.length < length) indices.push(0);
  return indices;
}

/** Encodes every sentence to the length of the longest one: a (batch, maxLength) tensor of indices. */
export function encodeBatch(sentences: string[]): Tensor {
  const maxLength = Math.max(...sentences.map((s) => s.length));
  return tensor(sentences.map((s) => encodeSentence(s, maxLength)));
}
