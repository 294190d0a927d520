// Bad input raises an Error whose message names what was expected and what was given.
import { describe, expect, it } from 'vitest';
import { Softmax } from '../nn/activation.ts';
import { Dropout } from '../nn/dropout.ts';
import { Embedding } from '../nn/embedding.ts';
import { Linear } from '../nn/linear.ts';
import { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss } from '../nn/losses/index.ts';
import { cat } from '../ops/shape.ts';
import { full, ones, tensor, zeros } from '../tensor.ts';
import { clipGradNorm_ } from '../utils/clip-grad.ts';

describe('loss input errors', () => {
  it('MSELoss refuses mismatched shapes instead of broadcasting', () => {
    expect(() => new MSELoss().forward(zeros([4, 1]), zeros([4]))).toThrow(
      'MSELoss: input and target shapes must match. Expected [4, 1], got [4]',
    );
  });

  it('BCELoss and BCEWithLogitsLoss refuse mismatched shapes', () => {
    expect(() => new BCELoss().forward(full([3], 0.5), zeros([3, 1]))).toThrow(/BCELoss: .*Expected \[3\], got \[3, 1\]/);
    expect(() => new BCEWithLogitsLoss().forward(zeros([2, 2]), zeros([4]))).toThrow(/BCEWithLogitsLoss: .*Expected \[2, 2\], got \[4\]/);
  });

  it('BCELoss refuses inputs outside [0, 1] (and NaN), naming the value', () => {
    expect(() => new BCELoss().forward(tensor([0.2, 1.5]), tensor([0, 1]))).toThrow(/between 0 and 1\. Expected values in \[0, 1\], got 1\.5 at flat index 1/);
    expect(() => new BCELoss().forward(tensor([-0.1]), tensor([0]))).toThrow(/got -0\.1/);
    expect(() => new BCELoss().forward(tensor([Number.NaN]), tensor([0]))).toThrow(/got NaN/);
  });

  it('CrossEntropyLoss checks the target shape, integrality and range', () => {
    const ce = new CrossEntropyLoss();
    expect(() => ce.forward(zeros([5, 4]), zeros([5, 1]))).toThrow(/expected target of shape \[5\] .*got \[5, 1\]/);
    expect(() => ce.forward(zeros([2, 3, 4]), zeros([2, 3]))).toThrow(/expected target of shape \[2, 4\] .*got \[2, 3\]/);
    expect(() => ce.forward(zeros([2, 3]), tensor([0, 1.5]))).toThrow(/integer class indices\. Expected a class index in \[0, 2\] \(or ignoreIndex -100\), got 1\.5/);
    expect(() => ce.forward(zeros([2, 3]), tensor([0, 3]))).toThrow(/target 3 is out of bounds\. Expected a class index in \[0, 2\].*got 3/);
    expect(() => ce.forward(zeros([2, 3]), tensor([-1, 0]))).toThrow(/target -1 is out of bounds/);
    expect(() => new CrossEntropyLoss({ weight: ones([2]) }).forward(zeros([2, 3]), tensor([0, 1]))).toThrow(/Expected shape \[3\], got \[2\]/);
  });

  it('an unknown reduction is refused', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new MSELoss({ reduction: 'avg' as any })).toThrow(`MSELoss: reduction must be one of 'mean', 'sum', 'none'. Got "avg"`);
  });

  it('a plain array instead of a Tensor is refused', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new MSELoss().forward([1, 2] as any, zeros([2]))).toThrow(/expected input to be a Tensor, got an array/);
  });
});

describe('Embedding index errors', () => {
  const emb = new Embedding(5, 2);
  it('a non-integer index', () => {
    expect(() => emb.forward(tensor([1, 2.5]))).toThrow('Embedding: indices must be integers. Expected an integer in [0, 4], got 2.5 at flat index 1 of indices shape [2]');
  });
  it('an out-of-range index (too large or negative)', () => {
    expect(() => emb.forward(tensor([[0, 5]]))).toThrow('Embedding: index out of range. Expected an integer in [0, 4], got 5 at flat index 1 of indices shape [1, 2]');
    expect(() => emb.forward(tensor([-1]))).toThrow(/index out of range\. Expected an integer in \[0, 4\], got -1/);
  });
  it('a paddingIdx outside the table', () => {
    expect(() => new Embedding(5, 2, { paddingIdx: 5 })).toThrow(/Expected an integer in \[-5, 4\], got 5/);
    expect(() => new Embedding(5, 2, { paddingIdx: -6 })).toThrow(/got -6/);
  });
  it('bad sizes', () => {
    expect(() => new Embedding(0, 2)).toThrow(/numEmbeddings must be a positive integer, got 0/);
  });
});

describe('tensor op shape errors', () => {
  it('shapes that cannot broadcast name both shapes', () => {
    expect(() => zeros([2, 3]).add(zeros([4]))).toThrow(/add: shapes \[2, 3\] and \[4\] cannot be broadcast together \(dimension -1 is 3 vs 4\)/);
    expect(() => zeros([2, 3]).mul(zeros([3, 3]))).toThrow(/mul: shapes \[2, 3\] and \[3, 3\]/);
  });

  it('matmul with disagreeing inner dimensions names both shapes and both sizes', () => {
    expect(() => zeros([2, 3]).matmul(zeros([4, 2]))).toThrow('matmul: shapes [2, 3] and [4, 2] cannot be multiplied: the inner dimensions must agree (got 3 and 4)');
    expect(() => zeros([3]).matmul(zeros([4, 2]))).toThrow(/shapes \[3\] and \[4, 2\] .*got 3 and 4/);
    expect(() => zeros([2, 3]).matmul(zeros([2]))).toThrow(/shapes \[2, 3\] and \[2\] .*got 3 and 2/);
  });

  it('reshape to a wrong size names the shape and the element count', () => {
    expect(() => zeros([2, 3]).reshape(4, 2)).toThrow('reshape: shape [4, 2] is invalid for input of size 6');
    expect(() => zeros([2, 3]).reshape(4, -1)).toThrow('reshape: shape [4, -1] is invalid for input of size 6');
  });

  it('cat of 0-d tensors and of mismatched shapes', () => {
    expect(() => cat([tensor(1), tensor(2)])).toThrow(/zero-dimensional tensor \(at position 0\) cannot be concatenated/);
    expect(() => cat([zeros([2, 3]), zeros([2, 4])], 0)).toThrow(/Expected \[2, 3\] \(any size at dim 0\), got \[2, 4\] for tensor 1/);
  });

  it('a dimension out of range', () => {
    expect(() => zeros([2, 3]).sum(2)).toThrow(/expected to be in range of \[-2, 1\], but got 2/);
  });
});

describe('module argument errors', () => {
  it('Linear with the wrong input size', () => {
    expect(() => new Linear(3, 2).forward(zeros([4, 5]))).toThrow(/Expected 3, got 5/);
  });
  it('Dropout with p outside [0, 1]', () => {
    expect(() => new Dropout(1.5)).toThrow('Dropout: dropout probability has to be between 0 and 1. Expected p in [0, 1], got 1.5');
    expect(() => new Dropout(-0.1)).toThrow(/got -0\.1/);
  });
  it('Softmax with a non-integer dim', () => {
    expect(() => new Softmax(0.5)).toThrow(/dim must be an integer, got 0\.5/);
  });
  it('clipGradNorm_ on a non-finite total under errorIfNonfinite', () => {
    const p = zeros([2], { requiresGrad: true });
    p.grad = tensor([1, Infinity]);
    expect(() => clipGradNorm_([p], 1, 2, { errorIfNonfinite: true })).toThrow(/non-finite \(got Infinity\).*Expected a finite norm/s);
  });
});
