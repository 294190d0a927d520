// Sine-wave windows for next-value prediction (the notes' generate_sin_data).
import { Generator, Tensor, defaultGenerator, tensor, todo } from '../../lib/index.ts';

export interface SinData {
  /** Input windows, shape (nSamples, seqLen, 1): one feature per time step. */
  X: Tensor;
  /** The value right after each window, shape (nSamples). */
  y: Tensor;
}

/**
 * nSamples windows of sin: each starts at a random phase in [0, 2π) and takes seqLen + 1 evenly
 * spaced points over two periods (4π); the first seqLen points are the input, the last is the target.
 */
export function generateSinData(seqLen = 30, nSamples = 1000, { generator }: { generator?: Generator } = {}): SinData {
  // TODO(1단계): 샘플마다 시작 위상 start ~ U(0, 2π)를 뽑고(generator ?? defaultGenerator()의 random()),
  //   간격 4π/seqLen인 seqLen + 1 개의 점 sin(start + k·간격)을 만드세요.
  //   앞의 seqLen 개 → X (nSamples, seqLen, 1), 마지막 값 → y (nSamples). tensor(...)로 감싸 돌려줍니다.
  //   힌트: README.md의 "힌트 1".
  return todo('generateSinData');
}
