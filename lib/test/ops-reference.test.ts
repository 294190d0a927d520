// Every op against PyTorch (float64): forward values, then input gradients for a random upstream gradient.
import { expect, it } from 'vitest';
import { cat, stack } from '../ops/shape.ts';
import { Tensor, tensor, type NestedArray } from '../tensor.ts';
import { expectClose, leaf, loadFixture } from './helpers/reference.ts';
import { onEveryBackend } from './helpers/backends.ts';

interface OpCase {
  name: string;
  op: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  args: Record<string, any>;
  inputs: NestedArray[];
  gradOutput: NestedArray;
  output: NestedArray;
  inputGrads: NestedArray[];
  indices?: NestedArray;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function run(c: OpCase, xs: Tensor[]): { out: Tensor; indices?: Tensor } {
  const [a, b] = xs;
  const args = c.args;
  switch (c.op) {
    case 'add': return { out: a.add(b ?? args.other) };
    case 'sub': return { out: a.sub(b ?? args.other) };
    case 'mul': return { out: a.mul(b ?? args.other) };
    case 'div': return { out: a.div(b ?? args.other) };
    case 'neg': return { out: a.neg() };
    case 'exp': return { out: a.exp() };
    case 'log': return { out: a.log() };
    case 'tanh': return { out: a.tanh() };
    case 'sigmoid': return { out: a.sigmoid() };
    case 'relu': return { out: a.relu() };
    case 'abs': return { out: a.abs() };
    case 'pow': return { out: a.pow(args.exponent) };
    case 'sum': return { out: args.dim === null ? a.sum() : a.sum(args.dim, args.keepdim) };
    case 'mean': return { out: args.dim === null ? a.mean() : a.mean(args.dim, args.keepdim) };
    case 'max': {
      const [values, indices] = a.max(args.dim, args.keepdim);
      return { out: values, indices };
    }
    case 'softmax': return { out: a.softmax(args.dim) };
    case 'logSoftmax': return { out: a.logSoftmax(args.dim) };
    case 'matmul': return { out: a.matmul(b) };
    case 'transpose': return { out: a.transpose(args.dim0, args.dim1) };
    case 'permute': return { out: a.permute(args.dims) };
    case 'reshape': return { out: a.reshape(args.shape) };
    case 'flatten': return { out: a.flatten(args.startDim, args.endDim) };
    case 'cat': return { out: cat(xs, args.dim) };
    case 'stack': return { out: stack(xs, args.dim) };
    case 'select': return { out: a.select(args.dim, args.index) };
    case 'narrow': return { out: a.narrow(args.dim, args.start, args.length) };
    case 'squeeze': return { out: args.dim === null ? a.squeeze() : a.squeeze(args.dim) };
    case 'unsqueeze': return { out: a.unsqueeze(args.dim) };
    default: throw new Error(`ops.json: no runner for op '${c.op}' (case ${c.name})`);
  }
}

const fixture = loadFixture<OpCase>('ops');

onEveryBackend('ops match PyTorch (ops.json)', () => {
  it('covers the ops the library exposes', () => {
    const ops = new Set(fixture.cases.map((c) => c.op));
    for (const op of ['add', 'sub', 'mul', 'div', 'pow', 'sum', 'mean', 'max', 'softmax', 'logSoftmax', 'matmul', 'cat', 'stack', 'select', 'narrow']) {
      expect(ops.has(op), op).toBe(true);
    }
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const xs = c.inputs.map(leaf);
    const { out, indices } = run(c, xs);
    expectClose(out, c.output, `${c.name} output`);
    if (c.indices !== undefined) expectClose(indices, c.indices, `${c.name} indices`, 0);
    out.backward(tensor(c.gradOutput));
    xs.forEach((x, i) => expectClose(x.grad, c.inputGrads[i], `${c.name} grad of input ${i}`));
  });
});
