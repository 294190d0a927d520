// Reverse-mode automatic differentiation, micrograd style: every operation records its
// parents and a closure that turns the gradient of its output into gradients of its inputs;
// backward() walks the graph in reverse topological order and adds those shares up.
import { Tensor, type DeferredValues } from './tensor.ts';

/**
 * Given d(loss)/d(output), returns d(loss)/d(parent) for each parent (null: no gradient).
 * Ownership goes with the buffers: gradOutput belongs to the callee (the engine never reads it
 * again, so the callee may overwrite it, return it as a parent's gradient, or release it to the
 * buffer pool), and returned buffers are handed over to the engine, which may add into them.
 */
export type BackwardFn = (gradOutput: Float64Array) => (Float64Array | null)[];

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs fn without recording operations for autograd, like `with torch.no_grad():`. */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Wraps the result of an operation. When grad mode is on and some parent needs a gradient,
 * the result remembers its parents and the local gradient rule; otherwise it is a plain tensor.
 * `data` may be deferred (computed when first read; see DeferredValues).
 */
export function fromOp(data: Float64Array | DeferredValues, shape: number[], parents: Tensor[], backward: BackwardFn): Tensor {
  const out = new Tensor(data, shape);
  if (gradEnabled && parents.some((p) => p.requiresGrad)) {
    out.requiresGrad = true;
    out.gradFn = { parents, backward };
  }
  return out;
}

function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative DFS: unrolled recurrent graphs can be deeper than the JS call stack.
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, next] = top;
    const parents = node.gradFn?.parents ?? [];
    if (next < parents.length) {
      top[1] = next + 1;
      const parent = parents[next];
      if (parent.requiresGrad && !visited.has(parent)) {
        visited.add(parent);
        stack.push([parent, 0]);
      }
    } else {
      order.push(node);
      stack.pop();
    }
  }
  return order;
}

/** Back-propagates gradOutput from root; leaves that require grad accumulate into `.grad`. */
export function runBackward(root: Tensor, gradOutput: Float64Array): void {
  const order = topologicalOrder(root);
  const grads = new Map<Tensor, Float64Array>();
  grads.set(root, gradOutput);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    const grad = grads.get(node);
    if (grad === undefined) continue;
    grads.delete(node); // free intermediate gradients as soon as they are used
    if (node.gradFn === null) {
      node.accumulateGrad(grad);
      continue;
    }
    const parentGrads = node.gradFn.backward(grad);
    const parents = node.gradFn.parents;
    for (let p = 0; p < parents.length; p++) {
      const parent = parents[p];
      const g = parentGrads[p];
      if (!parent.requiresGrad || g === null || g === undefined) continue;
      const existing = grads.get(parent);
      if (existing === undefined) {
        // Copy when one buffer is handed to two parents, because accumulation below writes into
        // the stored buffer. The incoming gradient itself (reshape's rule) is the callee's to pass on.
        const shared = parentGrads.indexOf(g) !== p || parentGrads.lastIndexOf(g) !== p;
        grads.set(parent, shared ? g.slice() : g);
      } else {
        for (let k = 0; k < existing.length; k++) existing[k] += g[k];
      }
    }
  }
}
