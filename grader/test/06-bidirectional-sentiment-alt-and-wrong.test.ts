// Proof that the 06-bidirectional-sentiment suite grades behaviour, not our way of writing it: a
// differently written correct solution (grader/test/fixtures/alt: a Set of words, n/2 + n/2 sentences
// shuffled afterwards with its own order of draws, a split by sorted random keys, character codes, h_n
// reshaped to (layers, directions, …), a time-major RNN, a hand-written cross-entropy, randperm for the
// mini-batches, a hand-written softmax) scores full marks at several seeds, and each classic mistake
// loses exactly the checks that catch it: the wrong fixture (grader/test/fixtures/wrong: h_n rows 0 and 1,
// the FIRST layer once layers are stacked) and the reference solution with one change (MISTAKES below).
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { expectLostExactly, gradeExercise, proveSuite, type Mistake } from './suite-proof.ts';

const ID = '06-bidirectional-sentiment';
const FIXTURES = join(import.meta.dirname, 'fixtures');
const TIMEOUT_MS = 240_000;
const MAX_POINTS = 36;

const LABEL_RULE = 'data set › sentimentLabel follows the rule: 1 when a word is in POSITIVE_WORDS, else 0';
const DATA_BALANCE = 'data set › makeSentimentData: half positive, half negative';
const DATA_UNIFORM = 'data set › makeSentimentData: the number of neutral words, the position of the sentiment word and every word drawn uniformly';
const DATA_SEEDED = 'data set › makeSentimentData: the same seed gives the same sentences, another seed other ones';
const SPLIT_SIZES = 'data set › holdoutSplit: other sizes and fractions';
const SPLIT_SEEDED = 'data set › holdoutSplit: the same seed gives the same split, another seed another one';
const SPLIT_UNIFORM = 'data set › holdoutSplit: every index is held out equally often over many seeds (a uniform shuffle)';
const CONCAT_STACKED = 'concatFinalStates › stacked layers (2 and 3): the forward and backward rows of the LAST layer';
const FORWARD_ONE_LAYER = 'CharRNN › equals a reference forward pass with the same weights (one layer; also one sentence of one character)';
const FORWARD_STACKED = 'CharRNN › equals a reference forward pass with the same weights (two stacked layers)';
const TRAIN_ADAM = 'training › trainClassifier with one mini-batch per epoch: the losses and the weights of full-batch Adam on the cross-entropy';
const TRAIN_MEAN = "training › trainClassifier: with lr 0 nothing changes, and each epoch's loss is the mean over all samples";
const HOLDOUT = 'training › trainWithHoldout: a 80 / 20 split, training on the 80 % only, the accuracy of the 20 %';
const HOLDOUT_SEEDED = 'training › trainWithHoldout: the split comes from options.generator (the same seed, the same split; another seed, another split)';
const ACCURACY = 'training › three runs with other seeds: after 20 epochs on 160 sentences the mean accuracy on the 40 held-out ones reaches 80 %';
const CLASSIFY = 'your own sentence › classifySentence: the label with the larger softmax probability, and that probability';
const MINE = 'your own sentence › mySentence: a sentence of your own, classified by classifySentence';

const MISTAKES: Record<string, Mistake> = {
  'label-by-substring': {
    what: 'sentimentLabel tests substrings of the sentence, so "goodbye" or "lovely" count as positive',
    file: 'data.ts',
    edits: [{ from: 'return words.some((word) => POSITIVE_WORDS.includes(word)) ? 1 : 0;', to: 'return POSITIVE_WORDS.some((word) => sentence.includes(word)) ? 1 : 0;' }],
    lost: [LABEL_RULE],
  },
  'sentiment-by-coin-flip': {
    what: 'makeSentimentData flips a coin for each sentence\'s sentiment: about half positive, not exactly half',
    file: 'data.ts',
    edits: [{ from: 'pick(i % 2 === 0 ? POSITIVE_WORDS : NEGATIVE_WORDS)', to: 'pick(rng.random() < 0.5 ? POSITIVE_WORDS : NEGATIVE_WORDS)' }],
    lost: [DATA_BALANCE],
  },
  'position-one-past-the-end': {
    what: 'makeSentimentData draws the position of the sentiment word from m + 2 places for m neutral words: splice puts the extra one at the end, so the last place comes up twice as often',
    file: 'data.ts',
    edits: [{ from: 'words.splice(Math.floor(rng.random() * (words.length + 1)), 0, sentimentWord);', to: 'words.splice(Math.floor(rng.random() * (words.length + 2)), 0, sentimentWord);' }],
    lost: [DATA_UNIFORM],
  },
  'data-from-global-generator': {
    what: 'makeSentimentData draws from the global generator whatever generator it is given',
    file: 'data.ts',
    edits: [{ from: 'const rng = generator ?? defaultGenerator();\n  const pick', to: 'const rng = defaultGenerator();\n  const pick' }],
    lost: [DATA_SEEDED],
  },
  'split-never-shuffled': {
    what: 'holdoutSplit holds out the first 20 % of the indices as they come, whatever the seed',
    file: 'data.ts',
    edits: [{ from: 'const j = Math.floor(rng.random() * (i + 1));', to: 'const j = i;' }],
    // trainWithHoldout splits with it, so its split does not follow the seed either.
    lost: [SPLIT_SEEDED, SPLIT_UNIFORM, HOLDOUT_SEEDED],
  },
  'shuffle-never-in-place': {
    what: "holdoutSplit's shuffle swaps position i with one of 0 … i − 1 only (Sattolo's algorithm): every order is a single cycle, and index 0 is never held out first",
    file: 'data.ts',
    edits: [{ from: 'const j = Math.floor(rng.random() * (i + 1));', to: 'const j = Math.floor(rng.random() * i);' }],
    lost: [SPLIT_UNIFORM],
  },
  'split-size-floored': {
    what: 'holdoutSplit holds out floor(n · fraction) indices instead of the nearest integer',
    file: 'data.ts',
    edits: [{ from: 'const holdoutSize = Math.round(n * holdoutFraction);', to: 'const holdoutSize = Math.floor(n * holdoutFraction);' }],
    lost: [SPLIT_SIZES],
  },
  'gradients-never-cleared': {
    what: 'trainClassifier never clears the gradients, so every step adds up all the gradients before it',
    file: 'train.ts',
    edits: [{ from: '      optimizer.zeroGrad();\n', to: '' }],
    // The summed gradients swamp Adam's steps: the CharRNN no longer learns the data set either.
    lost: [TRAIN_ADAM, ACCURACY],
  },
  'optimizer-every-epoch': {
    what: 'trainClassifier creates a new Adam every epoch, which forgets its moments',
    file: 'train.ts',
    edits: [
      { from: '  const optimizer = new optim.Adam(model.parameters(), { lr });\n', to: '' },
      { from: '    let total = 0;\n', to: '    let total = 0;\n    const optimizer = new optim.Adam(model.parameters(), { lr });\n' },
    ],
    lost: [TRAIN_ADAM],
  },
  'epoch-loss-times-batch-size': {
    what: "the epoch's loss weights every mini-batch by batchSize, also the smaller last one",
    file: 'train.ts',
    edits: [{ from: 'total += loss.item() * batch.length;', to: 'total += loss.item() * batchSize;' }],
    lost: [TRAIN_ADAM, TRAIN_MEAN],
  },
  'held-out-sentences-trained-on': {
    what: 'trainWithHoldout trains on all the sentences, the held-out ones too',
    file: 'train.ts',
    edits: [{ from: 'trainClassifier(model, X.index(trainIndices), y.index(trainIndices), options)', to: 'trainClassifier(model, X, y, options)' }],
    lost: [HOLDOUT],
  },
  'split-from-global-generator': {
    what: 'trainWithHoldout calls holdoutSplit without the generator of the options',
    file: 'train.ts',
    edits: [{ from: 'holdoutSplit(data.sentences.length, HOLDOUT_FRACTION, { generator: options.generator })', to: 'holdoutSplit(data.sentences.length, HOLDOUT_FRACTION)' }],
    lost: [HOLDOUT_SEEDED],
  },
  'output-at-last-step': {
    what: 'CharRNN classifies output[:, T-1], whose backward half has read only the last character, instead of h_n',
    file: 'model.ts',
    edits: [
      {
        from: 'const [, hN] = this.rnn.forward(this.embedding.forward(x));\n    return this.fc.forward(concatFinalStates(hN));',
        to: 'const [output] = this.rnn.forward(this.embedding.forward(x));\n    return this.fc.forward(output.select(1, -1));',
      },
    ],
    // Trained on that state, its fc does not fit the final states the grader reads off h_n.
    lost: [FORWARD_ONE_LAYER, FORWARD_STACKED, ACCURACY],
  },
  'probability-of-positive': {
    what: 'classifySentence returns the probability of label 1 whatever the label',
    file: 'predict.ts',
    edits: [{ from: 'return { label, probability: probabilities[label] };', to: 'return { label, probability: probabilities[1] };' }],
    // mySentence's check uses fixed weights under which the reference sentence gets label 1: right by chance.
    lost: [CLASSIFY],
  },
  'tie-goes-to-positive': {
    what: 'classifySentence answers 1 when both probabilities are equal, where argmax takes the first class',
    file: 'predict.ts',
    edits: [{ from: 'const label = probabilities[1] > probabilities[0] ? 1 : 0;', to: 'const label = probabilities[1] >= probabilities[0] ? 1 : 0;' }],
    lost: [CLASSIFY],
  },
  'sentence-padded': {
    what: 'classifySentence pads the sentence to 40 characters, so the model reads 40 − length spaces after it',
    file: 'predict.ts',
    edits: [{ from: 'encodeSentence(sentence, sentence.length)', to: 'encodeSentence(sentence, 40)' }],
    lost: [CLASSIFY, MINE],
  },
};

// The suite itself was tried at GRADE_SEED 1…10 on the reference solution and on the alt fixture.
proveSuite({ id: ID, maxPoints: MAX_POINTS, alternative: join(FIXTURES, 'alt'), seeds: [1, 2, 3], mistakes: MISTAKES, mistakeSeed: 5, timeoutMs: TIMEOUT_MS });

describe(`${ID} suite against the wrong fixture`, () => {
  // With one layer rows 0, 1 are rows -2, -1: the one-layer checks and the training (one layer) still pass.
  test('the wrong fixture (h_n rows of the first layer) loses exactly the stacked-layer checks', async () => {
    expectLostExactly(await gradeExercise(ID, join(FIXTURES, 'wrong'), 8), MAX_POINTS, [CONCAT_STACKED, FORWARD_STACKED]);
  }, TIMEOUT_MS);
});
