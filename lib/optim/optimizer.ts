// The base of every optimiser, as torch.optim.Optimizer: it holds parameter groups (each with its own
// hyper-parameters, e.g. `lr`), clears gradients, and leaves the update rule to step().
// Updates are written in place into `param.data`, outside autograd.
import { Tensor } from '../tensor.ts';

/** A group of parameters sharing hyper-parameters, like one entry of PyTorch's param_groups. */
export type ParamGroup<H> = H & { params: Tensor[] };

/** What an optimiser accepts: parameters (e.g. `model.parameters()`), or groups with their own options. */
export type ParamsInput<H> = Iterable<Tensor> | Array<Partial<H> & { params: Iterable<Tensor> }>;

export abstract class Optimizer<H extends object = Record<string, unknown>> {
  readonly paramGroups: ParamGroup<H>[];
  /** Per-parameter state (momentum buffers, moment estimates, step counts). */
  readonly state = new Map<Tensor, Record<string, unknown>>();
  protected readonly name: string;

  constructor(name: string, params: ParamsInput<H>, defaults: H) {
    this.name = name;
    if (params instanceof Tensor) {
      throw new Error(`${name}: params argument given to the optimizer should be an iterable of Tensors or groups, but got a single Tensor`);
    }
    if (params === null || params === undefined || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new Error(`${name}: params argument should be an iterable of Tensors (e.g. model.parameters()), got ${params === null ? 'null' : typeof params}`);
    }
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new Error(`${name}: optimizer got an empty parameter list`);
    const isGroups = !(list[0] instanceof Tensor);
    const rawGroups = isGroups ? (list as Array<Partial<H> & { params: Iterable<Tensor> }>) : [{ params: list as Tensor[] } as unknown as Partial<H> & { params: Iterable<Tensor> }];
    const seen = new Set<Tensor>();
    this.paramGroups = rawGroups.map((group, g) => {
      if (group === null || typeof group !== 'object' || !('params' in group)) {
        throw new Error(`${name}: expected every entry to be a Tensor or a group { params, ... }, got ${group === null ? 'null' : typeof group} at position ${g}`);
      }
      const groupParams = group.params instanceof Tensor ? [group.params] : [...group.params];
      groupParams.forEach((p, i) => {
        if (!(p instanceof Tensor)) {
          throw new Error(`${name}: optimizer can only optimize Tensors, but got ${p === null ? 'null' : typeof p} at position ${i} of group ${g}`);
        }
        if (!p.requiresGrad) {
          throw new Error(`${name}: parameter ${i} of group ${g} does not require grad (shape [${p.shape.join(', ')}]); expected a Parameter or a tensor with requiresGrad = true`);
        }
        if (p.gradFn !== null) {
          throw new Error(`${name}: can't optimize a non-leaf Tensor (parameter ${i} of group ${g} was computed by an operation)`);
        }
        if (seen.has(p)) throw new Error(`${name}: some parameters appear more than once (parameter ${i} of group ${g})`);
        seen.add(p);
      });
      const { params: _ignored, ...options } = group;
      const merged = { ...defaults, ...options, params: groupParams } as ParamGroup<H>;
      this.validate(merged);
      return merged;
    });
  }

  /** Checks one group's hyper-parameters; throws a clear Error for a bad value. */
  protected abstract validate(group: H): void;

  /** Performs one update of every parameter that has a gradient. */
  abstract step(): void;

  /** Sets every gradient to null (PyTorch's default set_to_none=True). */
  zeroGrad(): void {
    for (const group of this.paramGroups) for (const p of group.params) p.grad = null;
  }

  /** The state record of one parameter, created empty on first use. */
  protected stateOf(p: Tensor): Record<string, unknown> {
    let s = this.state.get(p);
    if (s === undefined) {
      s = {};
      this.state.set(p, s);
    }
    return s;
  }
}

/** Validation helper: a finite number ≥ min (or > min when exclusive). */
export function checkNumber(opt: string, name: string, value: unknown, min = 0): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new Error(`${opt}: invalid ${name}. Expected a finite number >= ${min}, got ${value}`);
  }
}
