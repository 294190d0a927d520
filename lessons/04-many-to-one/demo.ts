// Lesson 04: the toy many-to-one classifier of note 000 ([8,1,5,3] → 0, [2,7,4,9] → 1) trained
// with BCELoss and SGD, then note 002's RNNClassifier (h_n[-1] → Linear) with cross-entropy.
import { Tensor, manualSeed, nn, noGrad, optim, tensor, zeros } from '../../lib/index.ts';
import { Transcript } from '../transcript.ts';

export interface EpochLog {
  epoch: number;
  loss: number;
  accuracy: number;
}

export interface ManyToOneResult {
  /** What the demo printed, by name: the numbers lessons/04-…/README.md quotes. */
  transcript: Transcript;
  /** One entry every 50 epochs, 0 … 500, as printed. */
  history: EpochLog[];
  /** P(class 1) for each training sequence after training. */
  finalProbabilities: number[];
  finalAccuracy: number;
  classifier: {
    numLayers: number;
    hNShape: number[];
    logitsShape: number[];
    firstLoss: number;
    finalLoss: number;
    accuracy: number;
  };
}

type Log = (...args: unknown[]) => void;

// #region data
// [batch, sequence length, input dim]: 2 samples, 4 steps, 1 number per step
const xTrain = tensor([
  [[8], [1], [5], [3]], // sample 1 → class 0
  [[2], [7], [4], [9]], // sample 2 → class 1
]);
const yTrain = tensor([[0], [1]]); // (2, 1): the answer for each whole sequence
// #endregion

// #region model
class SimpleRNNModel extends nn.Module {
  readonly hiddenDim: number;
  readonly layerDim: number;
  rnn: nn.RNN;
  fc: nn.Linear;
  sigmoid: nn.Sigmoid;

  constructor(inputDim: number, hiddenDim: number, layerDim: number, outputDim: number) {
    super();
    this.hiddenDim = hiddenDim;
    this.layerDim = layerDim;
    this.rnn = new nn.RNN(inputDim, hiddenDim, { numLayers: layerDim, batchFirst: true });
    this.fc = new nn.Linear(hiddenDim, outputDim); // the last memory → one number
    this.sigmoid = new nn.Sigmoid(); // that number → a probability in (0, 1)
  }

  forward(x: Tensor): Tensor {
    const h0 = zeros([this.layerDim, x.shape[0], this.hiddenDim]); // (layers 1, batch 2, hidden 5)
    const [, hN] = this.rnn.forward(x, h0); // hN: (1, 2, 5), the memory after t = 4
    const last = hN.select(0, 0); // h_n[0]: (batch 2, hidden 5)
    return this.sigmoid.forward(this.fc.forward(last)); // (2, 1)
  }
}
// #endregion

function trainToyClassifier(log: Log, transcript: Transcript) {
  const history: EpochLog[] = [];
  // #region train
  const model = new SimpleRNNModel(1, 5, 1, 1); // input 1, hidden 5, one layer, output 1
  const criterion = new nn.BCELoss(); // binary classification
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
  const epochs = 500;

  for (let epoch = 0; epoch <= epochs; epoch++) {
    const prediction = model.forward(xTrain);
    const loss = criterion.forward(prediction, yTrain);

    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();

    if (epoch % 50 === 0) {
      const predictedClasses = prediction.ge(0.5); // 1 where P(class 1) ≥ 0.5, else 0
      const accuracy = predictedClasses.eq(yTrain).mean().item();
      log(`Epoch ${String(epoch).padStart(4)}/${epochs} | Loss: ${loss.item().toFixed(6)} | Accuracy: ${(accuracy * 100).toFixed(2)}%`);
      history.push({ epoch, loss: loss.item(), accuracy });
    }
  }
  // #endregion

  transcript.block('predictions');
  // #region check
  const probabilities = noGrad(() => model.forward(xTrain)); // no graph needed to just look
  const finalPrediction = probabilities.ge(0.5);
  for (let i = 0; i < xTrain.shape[0]; i++) {
    const input = (xTrain.select(0, i).view(-1).toArray() as number[]).join(', ');
    log(`Input: [${input}] | 정답: ${yTrain.get(i, 0)} | 예측: ${finalPrediction.get(i, 0)} (P = ${probabilities.get(i, 0).toFixed(4)})`);
  }
  // #endregion
  return {
    history,
    finalProbabilities: Array.from(probabilities.data),
    finalAccuracy: finalPrediction.eq(yTrain).mean().item(),
  };
}

// #region rnn-classifier
class RNNClassifier extends nn.Module {
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor(inputSize: number, hiddenSize: number, numClasses: number, numLayers = 1) {
    super();
    this.rnn = new nn.RNN(inputSize, hiddenSize, { numLayers, batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, numClasses);
  }

  // x: (batch, seq, features) → one score per class: (batch, numClasses)
  forward(x: Tensor): Tensor {
    const [, hN] = this.rnn.forward(x);
    return this.fc.forward(hN.select(0, -1)); // h_n[-1]: the last layer's final hidden state
  }
}
// #endregion

function trainRnnClassifier(log: Log, transcript: Transcript): ManyToOneResult['classifier'] {
  // #region train-classifier
  const classifier = new RNNClassifier(1, 8, 2, 2); // two classes, two stacked layers
  const labels = tensor([0, 1]); // class indices, not one-hot
  const criterion = new nn.CrossEntropyLoss(); // softmax + negative log-likelihood in one
  const optimizer = new optim.SGD(classifier.parameters(), { lr: 0.1 });
  const losses: number[] = [];
  for (let epoch = 0; epoch < 200; epoch++) {
    const logits = classifier.forward(xTrain); // (2, 2)
    const loss = criterion.forward(logits, labels);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  // #endregion
  const logits = noGrad(() => classifier.forward(xTrain));
  const [, hN] = noGrad(() => classifier.rnn.forward(xTrain));
  const accuracy = logits.argmax(1).eq(labels).mean().item();
  log(`RNNClassifier (numLayers 2): h_n ${`(${hN.shape.join(', ')})`} → h_n[-1] (${hN.select(0, -1).shape.join(', ')}) → logits (${logits.shape.join(', ')})`);
  log(`CrossEntropyLoss ${losses[0].toFixed(4)} → ${losses[losses.length - 1].toFixed(4)} (200 epochs), 정확도 ${(accuracy * 100).toFixed(2)}%`);
  transcript.value('classifier-first-loss', losses[0].toFixed(2));
  transcript.value('classifier-final-loss', losses[losses.length - 1].toFixed(3));
  transcript.value('classifier-accuracy', `${(accuracy * 100).toFixed(0)}%`);
  log(`softmax 확률: ${(logits.softmax(1).toArray() as number[][]).map((p) => `[${p.map((v) => v.toFixed(3)).join(', ')}]`).join(' ')}`);
  return {
    numLayers: 2,
    hNShape: hN.shape,
    logitsShape: logits.shape,
    firstLoss: losses[0],
    finalLoss: losses[losses.length - 1],
    accuracy,
  };
}

export async function main({ quiet = false, seed = 0 }: { quiet?: boolean; seed?: number } = {}): Promise<ManyToOneResult> {
  const transcript = new Transcript(quiet);
  const { log } = transcript;
  manualSeed(seed);
  log('== 1. 노트 000의 다대일 분류기: RNN + Linear + Sigmoid, BCELoss, SGD(lr 0.1) ==');
  transcript.block('training');
  const toy = trainToyClassifier(log, transcript);
  transcript.block('classifier');
  log('\n== 2. RNNClassifier: h_n[-1] → Linear, CrossEntropyLoss ==');
  const classifier = trainRnnClassifier(log, transcript);
  transcript.endBlock();
  transcript.value('seed', seed);
  return { ...toy, classifier, transcript };
}
