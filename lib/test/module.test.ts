// Module bookkeeping: parameter discovery and names (nested modules, arrays, Sequential),
// stateDict / loadStateDict (round trip, PyTorch's exported dicts, and every error).
import { describe, expect, it } from 'vitest';
import { Tanh } from '../nn/activation.ts';
import { Dropout } from '../nn/dropout.ts';
import { Embedding } from '../nn/embedding.ts';
import { Linear } from '../nn/linear.ts';
import { Module, type StateDict } from '../nn/module.ts';
import { Parameter } from '../nn/parameter.ts';
import { Sequential } from '../nn/sequential.ts';
import { manualSeed } from '../random.ts';
import { Tensor, tensor, zeros } from '../tensor.ts';
import { expectClose } from './helpers/reference.ts';

/** The same model as the PyTorch one that produced PYTORCH_NET below. */
class Net extends Module {
  encoder = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 2));
  emb = new Embedding(4, 2, { paddingIdx: 0 });
  head = new Linear(2, 1);

  forward(x: Tensor, idx: Tensor): Tensor {
    return this.head.forward(this.encoder.forward(x).add(this.emb.forward(idx)));
  }
}

// Exported from PyTorch 1.13 (float64, torch.manual_seed(0)):
//   encoder = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 2)); emb = nn.Embedding(4, 2, padding_idx=0); head = nn.Linear(2, 1)
// {k: v.tolist() for k, v in net.state_dict().items()}, and net(x, i).tolist() for the x and i below.
const PYTORCH_NET: StateDict = {
  'encoder.0.weight': [[0.6647553301890121, 0.29390167076471757], [-0.05744119269283829, 0.595027081222347], [0.2050950775488388, 0.41174529777772495]],
  'encoder.0.bias': [-0.4545195058940603, -0.2105656169160554, 0.1150334319677742],
  'encoder.2.weight': [[-0.24452412935978926, -0.05442236557141126, -0.3731997610970005], [-0.16712355206697718, 0.14076405628150715, -0.020959661389805546]],
  'encoder.2.bias': [-0.06835769562526114, -0.10706201599905593],
  'emb.weight': [[0.0, 0.0], [0.14939700132243244, -0.6708600471813422], [-0.2141861491333592, -0.43196885730541806], [-0.7078776842142749, -0.10643401539334266]],
  'head.weight': [[0.08236814711703377, 0.12378464492954018]],
  'head.bias': [0.25731005630422293],
};
const PYTORCH_X = [[0.5, -1.0], [2.0, 0.25]];
const PYTORCH_I = [0, 3];
const PYTORCH_OUT = [[0.25205238706558675], [0.11594655707451282]];

describe('parameter discovery and names', () => {
  it("nested modules and Sequential give PyTorch's dotted names in PyTorch's order", () => {
    expect(new Net().namedParameters().map(([n]) => n)).toEqual([
      'encoder.0.weight', 'encoder.0.bias', 'encoder.2.weight', 'encoder.2.bias', 'emb.weight', 'head.weight', 'head.bias',
    ]);
  });

  it('Sequential names its children 0, 1, … and indexes like a list', () => {
    const first = new Linear(2, 2);
    const seq = new Sequential(first, new Tanh(), new Linear(2, 1, { bias: false }));
    expect(seq.namedChildren().map(([n]) => n)).toEqual(['0', '1', '2']);
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '2.weight']);
    expect(seq[0]).toBe(first);
    expect(seq.length).toBe(3);
    expect([...seq].length).toBe(3);
    expect(seq.namedModules().map(([n]) => n)).toEqual(['', '0', '1', '2']);
  });

  it('more than ten children keep numeric order (10 after 9)', () => {
    const seq = new Sequential(...Array.from({ length: 12 }, () => new Linear(1, 1, { bias: false })));
    expect(Object.keys(seq.stateDict())).toEqual(Array.from({ length: 12 }, (_, i) => `${i}.weight`));
  });

  it('Sequential runs its modules in order and rejects non-modules', () => {
    const double = new Linear(1, 1, { bias: false });
    double.weight.data[0] = 2;
    const seq = new Sequential(double, new Tanh());
    expect(seq.forward(tensor([[0.3]])).item()).toBeCloseTo(Math.tanh(0.6), 15);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new Sequential(new Tanh(), 3 as any)).toThrow(/expected every argument to be a Module, got number at position 1/);
  });

  it('arrays of modules are named field.i, null parameters are skipped, shared parameters listed once', () => {
    class Stack extends Module {
      layers = [new Linear(2, 2, { bias: false }), new Linear(2, 2, { bias: false })];
      scale: Parameter | null = null;
      tied: Linear;
      constructor() {
        super();
        this.tied = new Linear(2, 2, { bias: false });
        this.tied.weight = this.layers[0].weight;
      }
      forward(x: Tensor) {
        return x;
      }
    }
    const s = new Stack();
    expect(s.namedParameters().map(([n]) => n)).toEqual(['layers.0.weight', 'layers.1.weight']);
    expect(s.parameters().length).toBe(2);
  });

  it('train() and eval() reach every submodule', () => {
    const seq = new Sequential(new Linear(2, 2), new Dropout(0.5));
    seq.eval();
    expect(seq.namedModules().every(([, m]) => !m.training)).toBe(true);
    seq.train();
    expect(seq.namedModules().every(([, m]) => m.training)).toBe(true);
  });

  it('zeroGrad() clears every gradient', () => {
    const net = new Net();
    net.forward(tensor(PYTORCH_X), tensor(PYTORCH_I)).sum().backward();
    expect(net.parameters().every((p) => p.grad !== null)).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
  });
});

describe('stateDict / loadStateDict', () => {
  it('a state dict exported from PyTorch loads unchanged and gives PyTorch’s output', () => {
    const net = new Net();
    net.loadStateDict(PYTORCH_NET);
    expectClose(net.forward(tensor(PYTORCH_X), tensor(PYTORCH_I)), PYTORCH_OUT, 'Net output');
    expect(net.stateDict()).toEqual(PYTORCH_NET);
  });

  it('round trip through JSON: a second model becomes an exact copy', () => {
    manualSeed(1);
    const a = new Net();
    manualSeed(2);
    const b = new Net();
    const x = tensor(PYTORCH_X);
    const i = tensor(PYTORCH_I);
    expect(Array.from(b.forward(x, i).data)).not.toEqual(Array.from(a.forward(x, i).data));
    b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
    expect(Array.from(b.forward(x, i).data)).toEqual(Array.from(a.forward(x, i).data));
    expect(b.stateDict()).toEqual(a.stateDict());
  });

  it('copies values in: later changes to the dict do not reach the model', () => {
    const lin = new Linear(2, 1);
    const sd = { weight: [[1, 2]], bias: [3] };
    lin.loadStateDict(sd);
    sd.weight[0][0] = 100;
    expect(Array.from(lin.weight.data)).toEqual([1, 2]);
  });

  it('accepts Tensor values', () => {
    const lin = new Linear(2, 1);
    lin.loadStateDict({ weight: tensor([[1, 2]]), bias: tensor([3]) } as unknown as StateDict);
    expect(lin.forward(tensor([1, 1])).item()).toBe(6);
  });

  it('an unknown key is an error naming the key', () => {
    const lin = new Linear(2, 1);
    expect(() => lin.loadStateDict({ weight: [[1, 2]], bias: [3], scale: [1] })).toThrow(/Unexpected key\(s\) in state_dict: "scale"/);
  });

  it('a missing key is an error naming the key', () => {
    const net = new Net();
    const sd = { ...PYTORCH_NET };
    delete sd['head.bias'];
    expect(() => net.loadStateDict(sd)).toThrow(/Missing key\(s\) in state_dict: "head.bias"/);
  });

  it("a parameter named like an Object.prototype member ('toString') is still reported missing", () => {
    class Odd extends Module {
      forward() {
        return null;
      }
    }
    const odd = new Odd();
    Object.defineProperty(odd, 'toString', { value: new Parameter(zeros([1])), enumerable: true });
    expect(() => odd.loadStateDict({})).toThrow(/Missing key\(s\) in state_dict: "toString"/);
  });

  it('a wrong-shaped entry is an error naming the key, the given and the expected shape', () => {
    const lin = new Linear(2, 3);
    expect(() => lin.loadStateDict({ weight: [[1, 2, 3], [4, 5, 6]], bias: [0, 0, 0] })).toThrow(
      /size mismatch for weight: copying a param with shape \[2, 3\] from checkpoint, the shape in current model is \[3, 2\]/,
    );
  });

  it('a ragged entry is an error naming the key', () => {
    const lin = new Linear(2, 2);
    expect(() => lin.loadStateDict({ weight: [[1, 2], [3]], bias: [0, 0] })).toThrow(/"weight".*ragged/s);
  });

  it('a failed load changes nothing', () => {
    const lin = new Linear(2, 3);
    const before = lin.stateDict();
    expect(() => lin.loadStateDict({ weight: [[1, 2], [3, 4], [5, 6]], bias: [1, 2] })).toThrow(/size mismatch for bias/);
    expect(lin.stateDict()).toEqual(before);
  });

  it('strict: false loads what matches and reports the rest (shapes are still checked)', () => {
    const lin = new Linear(2, 1);
    const result = lin.loadStateDict({ weight: [[7, 8]], extra: [1] }, { strict: false });
    expect(result).toEqual({ missingKeys: ['bias'], unexpectedKeys: ['extra'] });
    expect(Array.from(lin.weight.data)).toEqual([7, 8]);
    expect(() => lin.loadStateDict({ weight: [[7, 8, 9]] }, { strict: false })).toThrow(/size mismatch for weight/);
  });

  it('a non-object state dict is an error', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new Linear(2, 1).loadStateDict(null as any)).toThrow(/expected an object.*got null/);
  });
});
