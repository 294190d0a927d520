// The character vocabulary: space and a–z, 27 symbols. Index 0 is the space, which also pads short sentences.
import { Tensor, tensor, todo } from '../../lib/index.ts';

export const VOCAB = ' abcdefghijklmnopqrstuvwxyz';
export const VOCAB_SIZE = VOCAB.length; // 27

/** A sentence → `length` character indices (' ' → 0, 'a' → 1, …, 'z' → 26), padded at the end with 0. */
export function encodeSentence(sentence: string, length: number): number[] {
  // TODO(4단계): 글자마다 VOCAB 안의 위치를 인덱스로 쓰고(' ' → 0, 'a' → 1, …, 'z' → 26), 길이 length가 될 때까지
  //   뒤에 0을 붙이세요. 어휘에 없는 글자나 length보다 긴 문장은 무엇이 잘못인지 말하는 Error를 던집니다.
  //   힌트: README.md의 "힌트 4".
  return todo('encodeSentence');
}

/** Encodes every sentence to the length of the longest one: a (batch, maxLength) tensor of indices. */
export function encodeBatch(sentences: string[]): Tensor {
  const maxLength = Math.max(...sentences.map((s) => s.length));
  return tensor(sentences.map((s) => encodeSentence(s, maxLength)));
}
