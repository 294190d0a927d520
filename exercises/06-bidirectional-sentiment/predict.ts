// Your own sentence, classified: the label the model gives it and the model's probability of that label.
import { noGrad, tensor, todo } from '../../lib/index.ts';
import type { Classifier } from './train.ts';
import { encodeSentence } from './vocab.ts';

export interface Prediction {
  /** The class with the highest score: 1 positive, 0 negative. */
  label: 0 | 1;
  /** softmax of the model's two scores, at `label`: the model's probability of that label (≥ 0.5). */
  probability: number;
}

/** A sentence of your own (lowercase a–z and spaces), for `npm run ex -- 06` to classify. */
export function mySentence(): string {
  // TODO(9단계): 여러분의 문장 하나를 돌려주세요 (소문자 a–z와 공백만). 힌트: README.md의 "힌트 9".
  return todo('mySentence');
}

/**
 * The model's verdict on one sentence: the sentence encoded at its own length (no padding) as a batch
 * of one, its two scores turned into probabilities by softmax, the label of the larger one and its probability.
 */
export function classifySentence(model: Classifier, sentence: string): Prediction {
  // TODO(9단계): 문장을 자기 길이 그대로(패딩 없이) 인코딩해 배치 하나 (1, 길이)로 만들고, 모델 점수에 softmax를 씌워
  //   더 큰 쪽의 레이블과 그 확률을 돌려주세요. 힌트: README.md의 "힌트 9".
  return todo('classifySentence');
}
