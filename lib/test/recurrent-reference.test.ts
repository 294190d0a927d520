// RNN, GRU, LSTM and RNNCell against PyTorch (float64): PyTorch's weights loaded through
// loadStateDict, then outputs, final states, and the gradients of every parameter, the input,
// h0 and c0 for loss = Σ output·gradOutput + Σ hN·gradHN (+ Σ cN·gradCN).
import { expect, it } from 'vitest';
import type { StateDict } from '../nn/module.ts';
import { GRU } from '../nn/gru.ts';
import { LSTM } from '../nn/lstm.ts';
import { RNN } from '../nn/rnn.ts';
import { RNNCell } from '../nn/rnn-cell.ts';
import { Tensor, tensor, type NestedArray } from '../tensor.ts';
import { PackedSequence, packPaddedSequence, padPackedSequence } from '../utils/packed-sequence.ts';
import { expectClose, leaf, loadFixture } from './helpers/reference.ts';
import { onEveryBackend } from './helpers/backends.ts';

interface RecurrentCase {
  name: string;
  module: 'RNN' | 'GRU' | 'LSTM';
  options: {
    inputSize: number; hiddenSize: number; numLayers: number; nonlinearity?: 'tanh' | 'relu';
    bias: boolean; batchFirst: boolean; bidirectional: boolean;
  };
  stateDict: StateDict;
  input: NestedArray;
  h0: NestedArray | null;
  c0?: NestedArray | null;
  lengths?: number[];
  gradOutput: NestedArray;
  gradHN: NestedArray;
  gradCN?: NestedArray;
  output: NestedArray;
  hN: NestedArray;
  cN?: NestedArray;
  grads: Record<string, NestedArray>;
  inputGrad: NestedArray;
  h0Grad?: NestedArray;
  c0Grad?: NestedArray;
}

interface CellCase {
  name: string;
  options: { inputSize: number; hiddenSize: number; bias: boolean; nonlinearity: 'tanh' | 'relu' };
  stateDict: StateDict;
  input: NestedArray;
  hx: NestedArray | null;
  gradOutput: NestedArray;
  output: NestedArray;
  grads: Record<string, NestedArray>;
  inputGrad: NestedArray;
  hxGrad?: NestedArray;
}

const dot = (a: Tensor, b: NestedArray) => a.mul(tensor(b)).sum();

onEveryBackend('RNN, GRU and LSTM match PyTorch (recurrent.json)', () => {
  const { cases } = loadFixture<RecurrentCase>('recurrent');
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { inputSize, hiddenSize, nonlinearity, ...rest } = c.options;
    const options = { numLayers: rest.numLayers, bias: rest.bias, batchFirst: rest.batchFirst, bidirectional: rest.bidirectional };
    const module =
      c.module === 'RNN' ? new RNN(inputSize, hiddenSize, { ...options, nonlinearity })
        : c.module === 'GRU' ? new GRU(inputSize, hiddenSize, options)
          : new LSTM(inputSize, hiddenSize, options);
    module.loadStateDict(c.stateDict);

    const x = leaf(c.input);
    const h0 = c.h0 === null ? undefined : leaf(c.h0);
    const c0 = c.c0 === null || c.c0 === undefined ? undefined : leaf(c.c0);
    const input = c.lengths ? packPaddedSequence(x, c.lengths, { batchFirst: c.options.batchFirst, enforceSorted: false }) : x;

    let output: Tensor | PackedSequence;
    let hN: Tensor;
    let cN: Tensor | undefined;
    if (module instanceof LSTM) {
      [output, [hN, cN]] = module.forward(input as Tensor, h0 && c0 ? [h0, c0] : undefined);
    } else {
      [output, hN] = (module as RNN | GRU).forward(input as Tensor, h0);
    }
    const padded = output instanceof PackedSequence ? padPackedSequence(output, { batchFirst: c.options.batchFirst })[0] : output;

    expectClose(padded, c.output, 'output');
    expectClose(hN, c.hN, 'hN');
    if (c.cN !== undefined) expectClose(cN, c.cN, 'cN');

    let loss = dot(padded, c.gradOutput).add(dot(hN, c.gradHN));
    if (cN && c.gradCN) loss = loss.add(dot(cN, c.gradCN));
    loss.backward();
    for (const [name, p] of module.namedParameters()) expectClose(p.grad, c.grads[name], `grad of ${name}`);
    expect(module.namedParameters().map(([n]) => n)).toEqual(Object.keys(c.grads));
    expectClose(x.grad, c.inputGrad, 'input grad');
    if (c.h0Grad) expectClose(h0?.grad, c.h0Grad, 'h0 grad');
    if (c.c0Grad) expectClose(c0?.grad, c.c0Grad, 'c0 grad');
  });
});

onEveryBackend('RNNCell matches PyTorch (cell.json)', () => {
  const { cases } = loadFixture<CellCase>('cell');
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { inputSize, hiddenSize, bias, nonlinearity } = c.options;
    const cell = new RNNCell(inputSize, hiddenSize, { bias, nonlinearity });
    cell.loadStateDict(c.stateDict);
    const x = leaf(c.input);
    const hx = c.hx === null ? undefined : leaf(c.hx);
    const out = cell.forward(x, hx);
    expectClose(out, c.output, 'output');
    dot(out, c.gradOutput).backward();
    for (const [name, p] of cell.namedParameters()) expectClose(p.grad, c.grads[name], `grad of ${name}`);
    expectClose(x.grad, c.inputGrad, 'input grad');
    if (c.hxGrad) expectClose(hx?.grad, c.hxGrad, 'hx grad');
  });
});
