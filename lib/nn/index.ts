// torch.nn's twin: layers, losses and initialisers.
export { Module, type StateDict } from './module.ts';
export { Parameter } from './parameter.ts';
export { Linear } from './linear.ts';
export * as init from './init.ts';
