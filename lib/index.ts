// The library's public surface (see the course's api.md): PyTorch names in camelCase.
export { Tensor, tensor, zeros, ones, full, arange, zerosLike, onesLike, isMatrix, toTensor, type NestedArray, type TensorLike, type DeferredValues } from './tensor.ts';
export { noGrad, isGradEnabled } from './autograd.ts';
export { add, sub, mul, div, neg, exp, log, sqrt, tanh, sigmoid, relu, abs } from './ops/elementwise.ts';
export { cat, stack } from './ops/shape.ts';
export { matmul } from './ops/matmul.ts';
export { softmax, logSoftmax } from './ops/softmax.ts';
export { Generator, manualSeed, defaultGenerator, randn, rand, randint, randperm } from './random.ts';
export * as nn from './nn/index.ts';
export * as optim from './optim/index.ts';
export * as utils from './utils/index.ts';
export * as linalg from './linalg.ts';
export { setBackend, getBackend, availableBackends, type BackendOptions } from './backend/backend.ts';
export type { BackendName, ProductBackend, Gemm } from './backend/products.ts';
export { NotImplementedError, todo } from './todo.ts';
