// Activation functions as modules (torch.nn.Tanh, Sigmoid, ReLU, Softmax), for use in Sequential.
// They hold no parameters; the gradient rules live with the Tensor ops they call.
import { Tensor } from '../tensor.ts';
import { Module } from './module.ts';

function checkInput(name: string, input: unknown): Tensor {
  if (!(input instanceof Tensor)) throw new Error(`${name}: expected a Tensor input, got ${input === null ? 'null' : typeof input}`);
  return input;
}

export class Tanh extends Module {
  forward(input: Tensor): Tensor {
    return checkInput('Tanh', input).tanh();
  }
}

export class Sigmoid extends Module {
  forward(input: Tensor): Tensor {
    return checkInput('Sigmoid', input).sigmoid();
  }
}

export class ReLU extends Module {
  forward(input: Tensor): Tensor {
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

  forward(input: Tensor): Tensor {
    return checkInput('Softmax', input).softmax(this.dim);
  }
}
