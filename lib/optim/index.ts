// torch.optim's twin.
export { Optimizer } from './optimizer.ts';
export { SGD } from './sgd.ts';
export { Adam } from './adam.ts';
