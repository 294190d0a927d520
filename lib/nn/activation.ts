// Activation functions as modules (torch.nn.Tanh, Sigmoid, ReLU, Softmax), for use in Sequential.
// They hold no parameters; the gradient rules live with the Tensor ops they call.
import type { AbstractMatrix } from 'ml-matrix';
import { Tensor, toTensor } from '../tensor.ts';
import { Module } from './module.ts';

function checkInput(name: string, input: unknown): Tensor {
  return toTensor(input, name);
}

export class Tanh extends Module {
  forward(input: Tensor | AbstractMatrix): Tensor {
    return checkInput('Tanh', input).tanh();
  }
}

export class Sigmoid extends Module {
  forward(input: Tensor | AbstractMatrix): Tensor {
    return checkInput('Sigmoid', input).sigmoid();
  }
}

export class ReLU extends Module {
  forward(input: Tensor | AbstractMatrix): Tensor {
    return checkInput('ReLU', input).relu();
  }
}

/** Softmax along `dim`; the dimension must be given (PyTorch's implicit choice is deprecated). */
export class Softmax extends Module {
  readonly dim: number;

  constructor(dim: number) {
    super();
    if (!Number.isInteger(dim)) throw new Error(`Softmax: dim must be an integer, got ${dim}`);
    this.dim = dim;
  }

  forward(input: Tensor | AbstractMatrix): Tensor {
    return checkInput('Softmax', input).softmax(this.dim);
  }
}
