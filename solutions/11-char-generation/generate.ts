// One-to-many: read the start text, then feed every chosen character back in as the next input.
// BEGIN SOLUTION
import { noGrad, tensor, type Generator } from '../../lib/index.ts';
// STARTER
//> import { noGrad, tensor, todo, type Generator } from '../../lib/index.ts';
// END SOLUTION
import { decode, encode, type CharLM } from './model.ts';
import { sampleNext } from './sampling.ts';

/**
 * `start` (at least one character) followed by `length` generated characters. The model reads
 * `start`; then, `length` times, the next character is chosen from the logits of the last step
 * with sampleNext(logits, temperature, generator) and fed back in with the hidden state carried over.
 */
export function generate(model: CharLM, start: string, length: number, temperature: number, generator: Generator): string {
  // BEGIN SOLUTION
  return noGrad(() => {
    let [logits, h] = model.forward(tensor([encode(start)])); // logits (1, start.length, 27), h (1, 1, hidden)
    const chosen: number[] = [];
    for (let i = 0; i < length; i++) {
      const last = logits.select(0, 0).select(0, -1).toArray() as number[]; // the scores after the last character read
      const next = sampleNext(last, temperature, generator);
      chosen.push(next);
      [logits, h] = model.forward(tensor([[next]]), h); // one character in, the state carried over
    }
    return start + decode(chosen);
  });
  // STARTER
  // TODO(4단계): noGrad 안에서 model.forward(tensor([encode(start)]))로 시작 글을 읽고,
  //   length번: 마지막 시점의 로짓으로 sampleNext → 그 글자 하나와 이전 상태 h를 다시 model.forward에 넣기.
  //   start 뒤에 고른 글자들을 붙여 돌려주세요. 힌트: README.md의 "힌트 4".
  //> return todo('generate');
  // END SOLUTION
}
