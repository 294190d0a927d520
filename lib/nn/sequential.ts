// A chain of modules, as torch.nn.Sequential: the output of each is the input of the next.
// Children are stored under the keys '0', '1', … so parameter names come out as PyTorch's
// (`0.weight`, `2.bias`), and `seq[0]` reads like Python.
import { Module } from './module.ts';

export class Sequential extends Module {
  readonly [index: number]: Module;

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) {
        throw new Error(`Sequential: expected every argument to be a Module, got ${m === null ? 'null' : typeof m} at position ${i}`);
      }
      // Integer-like keys enumerate first and in ascending order, so Module finds the children in order.
      Object.defineProperty(this, String(i), { value: m, enumerable: true, writable: false });
    });
  }

  /** Number of modules in the chain. */
  get length(): number {
    return this.namedChildren().length;
  }

  /** The modules in order. */
  modules(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.modules()[Symbol.iterator]();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(input: any): any {
    let x = input;
    for (const m of this.modules()) x = m.forward(x);
    return x;
  }
}
