// Loss functions, one per file, as in torch.nn.
export { MSELoss } from './mse-loss.ts';
export { BCELoss } from './bce-loss.ts';
export { BCEWithLogitsLoss } from './bce-with-logits-loss.ts';
export { CrossEntropyLoss, type CrossEntropyLossOptions } from './cross-entropy-loss.ts';
export { type Reduction, type LossOptions } from './reduction.ts';
