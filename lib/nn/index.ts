// torch.nn's twin: layers, losses and initialisers.
export { Module, type StateDict } from './module.ts';
export { Parameter } from './parameter.ts';
export { Linear } from './linear.ts';
export { RNNCell } from './rnn-cell.ts';
export { RNN } from './rnn.ts';
export { GRU } from './gru.ts';
export { LSTM } from './lstm.ts';
export { Embedding } from './embedding.ts';
export { Tanh, Sigmoid, ReLU, Softmax } from './activation.ts';
export { Dropout } from './dropout.ts';
export { Sequential } from './sequential.ts';
export { MSELoss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss } from './losses/index.ts';
export * as init from './init.ts';
