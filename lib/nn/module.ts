// The base of every layer and model, as torch.nn.Module: parameters and submodules are found
// from the object's own fields in declaration order, so `this.fc = new Linear(…)` registers `fc`.
import { Tensor, formatShape, tensor, type NestedArray } from '../tensor.ts';
import { Parameter } from './parameter.ts';

export type StateDict = Record<string, NestedArray>;

export abstract class Module {
  training = true;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  abstract forward(...args: any[]): any;

  /** Direct children: [name, module] in declaration order (arrays of modules are named name.0, name.1, …). */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (value instanceof Module) out.push([key, value]);
      else if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Module)) {
        value.forEach((m: Module, i: number) => out.push([`${key}.${i}`, m]));
      }
    }
    return out;
  }

  /** This module's own parameters (not its children's), in declaration order. */
  ownParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const [key, value] of Object.entries(this)) if (value instanceof Parameter) out.push([key, value]);
    return out;
  }

  /** Every parameter with PyTorch's dotted name (`rnn.weight_ih_l0`, `fc.bias`). */
  namedParameters(prefix = ''): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    const visit = (module: Module, path: string) => {
      for (const [name, p] of module.ownParameters()) {
        if (seen.has(p)) continue; // shared weights are listed once, as in PyTorch
        seen.add(p);
        out.push([path + name, p]);
      }
      for (const [name, child] of module.namedChildren()) visit(child, `${path}${name}.`);
    };
    visit(this, prefix ? `${prefix}.` : '');
    return out;
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Every module in the tree, this one first, with dotted names ('' for this one). */
  namedModules(): [string, Module][] {
    const out: [string, Module][] = [['', this]];
    for (const [name, child] of this.namedChildren()) {
      for (const [sub, m] of child.namedModules()) out.push([sub ? `${name}.${sub}` : name, m]);
    }
    return out;
  }

  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Parameters as plain nested arrays under PyTorch's keys (JSON-ready). */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [name, p] of this.namedParameters()) out[name] = p.toArray();
    return out;
  }

  /**
   * Copies values into the parameters in place. strict: the key sets must match exactly.
   * Shapes must always match. A failed load changes nothing.
   */
  loadStateDict(stateDict: StateDict, { strict = true }: { strict?: boolean } = {}): { missingKeys: string[]; unexpectedKeys: string[] } {
    if (stateDict === null || typeof stateDict !== 'object') {
      throw new Error(`loadStateDict: expected an object mapping parameter names to nested arrays, got ${stateDict === null ? 'null' : typeof stateDict}`);
    }
    const params = new Map(this.namedParameters());
    // Own keys only: `in` would also see Object.prototype names such as 'constructor'.
    const missingKeys = [...params.keys()].filter((k) => !Object.prototype.hasOwnProperty.call(stateDict, k));
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !params.has(k));
    const problems: string[] = [];
    if (strict && unexpectedKeys.length > 0) problems.push(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}.`);
    if (strict && missingKeys.length > 0) problems.push(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}.`);
    const updates: [Parameter, Tensor][] = [];
    for (const [key, value] of Object.entries(stateDict)) {
      const p = params.get(key);
      if (!p) continue;
      let t: Tensor;
      try {
        t = value instanceof Tensor ? value : tensor(value);
      } catch (e) {
        problems.push(`While copying the parameter named "${key}": ${(e as Error).message}.`);
        continue;
      }
      if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
        problems.push(
          `size mismatch for ${key}: copying a param with shape ${formatShape(t.shape)} from checkpoint, ` +
            `the shape in current model is ${formatShape(p.shape)}.`,
        );
        continue;
      }
      updates.push([p, t]);
    }
    if (problems.length > 0) {
      throw new Error(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${problems.join('\n\t')}`);
    }
    for (const [p, t] of updates) p.data.set(t.data);
    return { missingKeys, unexpectedKeys };
  }
}
