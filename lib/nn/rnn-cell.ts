// torch.nn.RNNCell: one step, h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) (or relu), composed from
// Tensor operations (autograd differentiates it; a whole sequence is the job of nn.RNN).
import { Tensor, formatShape, zeros, toTensor } from '../tensor.ts';
import type { AbstractMatrix } from 'ml-matrix';
import type { Nonlinearity } from '../kernels/rnn-kernel.ts';
import { uniform_ } from './init.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';

export interface RNNCellOptions {
  bias?: boolean;
  nonlinearity?: Nonlinearity;
}

export class RNNCell extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  readonly nonlinearity: Nonlinearity;
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;

  constructor(inputSize: number, hiddenSize: number, { bias = true, nonlinearity = 'tanh' }: RNNCellOptions = {}) {
    super();
    for (const [name, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new Error(`RNNCell: ${name} must be a positive integer, got ${v}`);
    }
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new Error(`RNNCell: Unknown nonlinearity '${String(nonlinearity)}'. Expected 'tanh' or 'relu'`);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = bias;
    this.nonlinearity = nonlinearity;
    // PyTorch's init: every parameter U(−1/√H, 1/√H), in the order weight_ih, weight_hh, bias_ih, bias_hh.
    const bound = 1 / Math.sqrt(hiddenSize);
    this.weight_ih = new Parameter(uniform_(zeros([hiddenSize, inputSize]), -bound, bound));
    this.weight_hh = new Parameter(uniform_(zeros([hiddenSize, hiddenSize]), -bound, bound));
    this.bias_ih = bias ? new Parameter(uniform_(zeros([hiddenSize]), -bound, bound)) : null;
    this.bias_hh = bias ? new Parameter(uniform_(zeros([hiddenSize]), -bound, bound)) : null;
  }

  /** x: (N, inputSize) or unbatched (inputSize); h: (N, hiddenSize) or (hiddenSize), zeros when omitted. */
  forward(inputOrMatrix: Tensor | AbstractMatrix, hxOrMatrix?: Tensor | AbstractMatrix): Tensor {
    const input = toTensor(inputOrMatrix, 'RNNCell');
    const hx = hxOrMatrix === undefined ? undefined : toTensor(hxOrMatrix, 'RNNCell', 'hx');
    if (input.ndim !== 1 && input.ndim !== 2) {
      throw new Error(`RNNCell: Expected input to be 1-D (unbatched) or 2-D (N, inputSize), got ${input.ndim}-D tensor of shape ${formatShape(input.shape)}`);
    }
    const got = input.shape[input.ndim - 1];
    if (got !== this.inputSize) {
      throw new Error(`RNNCell: input.size(-1) must be equal to inputSize. Expected ${this.inputSize}, got ${got}`);
    }
    const batched = input.ndim === 2;
    const x = batched ? input : input.unsqueeze(0);
    const expected = batched ? [input.shape[0], this.hiddenSize] : [this.hiddenSize];
    let h: Tensor;
    if (hx === undefined) {
      h = zeros([x.shape[0], this.hiddenSize]);
    } else {
      if (hx.ndim !== expected.length || hx.shape.some((d, i) => d !== expected[i])) {
        throw new Error(`RNNCell: Expected hidden size ${formatShape(expected)}, got ${formatShape(hx.shape)}`);
      }
      h = batched ? hx : hx.unsqueeze(0);
    }
    let pre = x.matmul(this.weight_ih.T);
    if (this.bias_ih) pre = pre.add(this.bias_ih);
    let recurrent = h.matmul(this.weight_hh.T);
    if (this.bias_hh) recurrent = recurrent.add(this.bias_hh);
    pre = pre.add(recurrent);
    const out = this.nonlinearity === 'tanh' ? pre.tanh() : pre.relu();
    return batched ? out : out.squeeze(0);
  }
}
