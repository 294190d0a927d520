// One-to-many: read the start text, then feed every chosen character back in as the next input.
import { noGrad, tensor, todo, type Generator } from '../../lib/index.ts';
import { decode, encode, type CharLM } from './model.ts';
import { sampleNext } from './sampling.ts';

/**
 * `start` (at least one character) followed by `length` generated characters. The model reads
 * `start`; then, `length` times, the next character is chosen from the logits of the last step
 * with sampleNext(logits, temperature, generator) and fed back in with the hidden state carried over.
 */
export function generate(model: CharLM, start: string, length: number, temperature: number, generator: Generator): string {
  // TODO(4단계): noGrad 안에서 model.forward(tensor([encode(start)]))로 시작 글을 읽고,
  //   length번: 마지막 시점의 로짓으로 sampleNext → 그 글자 하나와 이전 상태 h를 다시 model.forward에 넣기.
  //   start 뒤에 고른 글자들을 붙여 돌려주세요. 힌트: README.md의 "힌트 4".
  return todo('generate');
}
