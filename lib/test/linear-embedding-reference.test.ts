// Linear and Embedding against PyTorch (float64): PyTorch's weights loaded through loadStateDict,
// then outputs, parameter gradients and input gradients.
import { it } from 'vitest';
import { Embedding } from '../nn/embedding.ts';
import { Linear } from '../nn/linear.ts';
import type { StateDict } from '../nn/module.ts';
import { tensor, type NestedArray } from '../tensor.ts';
import { expectClose, leaf, loadFixture } from './helpers/reference.ts';
import { onEveryBackend } from './helpers/backends.ts';

interface LinearCase {
  name: string;
  module: 'Linear';
  options: { inFeatures: number; outFeatures: number; bias: boolean };
  stateDict: StateDict;
  input: NestedArray;
  gradOutput: NestedArray;
  output: NestedArray;
  grads: Record<string, NestedArray>;
  inputGrad: NestedArray;
}

interface EmbeddingCase {
  name: string;
  module: 'Embedding';
  options: { numEmbeddings: number; embeddingDim: number; paddingIdx: number | null };
  stateDict: StateDict;
  input: NestedArray;
  gradOutput: NestedArray;
  output: NestedArray;
  grads: Record<string, NestedArray>;
}

const fixture = loadFixture<LinearCase | EmbeddingCase>('linear-embedding');

onEveryBackend('Linear matches PyTorch (linear-embedding.json)', () => {
  const cases = fixture.cases.filter((c): c is LinearCase => c.module === 'Linear');
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const layer = new Linear(c.options.inFeatures, c.options.outFeatures, { bias: c.options.bias });
    layer.loadStateDict(c.stateDict);
    const x = leaf(c.input);
    const out = layer.forward(x);
    expectClose(out, c.output, `${c.name} output`);
    out.backward(tensor(c.gradOutput));
    for (const [name, p] of layer.namedParameters()) expectClose(p.grad, c.grads[name], `${c.name} grad of ${name}`);
    expectClose(x.grad, c.inputGrad, `${c.name} input grad`);
  });
});

onEveryBackend('Embedding matches PyTorch (linear-embedding.json)', () => {
  const cases = fixture.cases.filter((c): c is EmbeddingCase => c.module === 'Embedding');
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { numEmbeddings, embeddingDim, paddingIdx } = c.options;
    const emb = new Embedding(numEmbeddings, embeddingDim, { paddingIdx });
    emb.loadStateDict(c.stateDict);
    const out = emb.forward(tensor(c.input));
    expectClose(out, c.output, `${c.name} output`);
    out.backward(tensor(c.gradOutput));
    expectClose(emb.weight.grad, c.grads.weight, `${c.name} weight grad`);
  });
});
