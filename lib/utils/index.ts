// torch.nn.utils and torch.autograd.gradcheck's twins.
export { clipGradNorm_, clipGradValue_ } from './clip-grad.ts';
export { PackedSequence, packPaddedSequence, padPackedSequence, padSequence } from './packed-sequence.ts';
export { gradcheck, type GradcheckOptions } from './gradcheck.ts';
