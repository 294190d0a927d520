// `npm run ex -- 11`: trains the small CharLM on the lesson's text (a few seconds), writes greedy and
// sampled text at a few temperatures, and draws the entropy of the next-character distribution
// against the temperature.
import { join } from 'node:path';
import { Generator, manualSeed, noGrad, tensor } from '../../lib/index.ts';
import { terminalChart, writeLineChart, type Series } from '../../scripts/ex/plot.ts';
import { entropyCurve } from './entropy.ts';
import { generate } from './generate.ts';
import { ALPHABET, CharLM, TEXT, encode, trainCharLM } from './model.ts';

const LENGTH = 80;
const SAMPLE_SEED = 2024;
const TEMPERATURES = [0.5, 1, 1.5, 3];
/** Two prompts: after "the " five words can follow; after "the ca" only a "t" can. */
const PROMPTS = ['the ', 'the ca'];
const CURVE_TEMPERATURES = Array.from({ length: 50 }, (_, i) => Number((0.1 * (i + 1)).toFixed(1))); // 0.1 … 5.0

export async function main({ outDir }: { outDir: string }): Promise<void> {
  manualSeed(12);
  const model = new CharLM(ALPHABET.length, 16, 64);
  console.log(`training CharLM (embedding 16, hidden 64) on ${TEXT.length} characters of text: 200 updates …`);
  const losses = trainCharLM(model, { iterations: 200, generator: new Generator(13) });
  console.log(`loss ${losses[0].toFixed(3)} → ${losses[losses.length - 1].toFixed(3)}   (guessing among 27 characters: ln 27 = ${Math.log(27).toFixed(3)})`);

  console.log(`\n${LENGTH} characters after ' ', generator seed ${SAMPLE_SEED}:`);
  console.log(`  T = 0 (greedy)  ${JSON.stringify(generate(model, ' ', LENGTH, 0, new Generator(SAMPLE_SEED)))}`);
  const samples = TEMPERATURES.map((temperature) => generate(model, ' ', LENGTH, temperature, new Generator(SAMPLE_SEED)));
  TEMPERATURES.forEach((temperature, i) => console.log(`  T = ${temperature.toFixed(1).padEnd(12)} ${JSON.stringify(samples[i])}`));
  const again = generate(model, ' ', LENGTH, 1, new Generator(SAMPLE_SEED));
  console.log(`T = 1.0 again from a fresh Generator(${SAMPLE_SEED}): ${again === samples[TEMPERATURES.indexOf(1)] ? 'the same text' : 'A DIFFERENT TEXT (the draws do not come from the generator alone)'}`);

  const logitsAfter = (prompt: string) => noGrad(() => model.forward(tensor([encode(prompt)]))[0]).select(0, 0).select(0, -1).toArray() as number[];
  const curves = PROMPTS.map((prompt) => entropyCurve(logitsAfter(prompt), CURVE_TEMPERATURES));
  const shown = [0.1, 0.5, 1, 2, 5];
  console.log('\nentropy (nats) of the next-character distribution:');
  console.log(`  ${'T'.padStart(4)}  ${PROMPTS.map((p) => `after ${JSON.stringify(p)}`.padStart(14)).join('  ')}`);
  for (const t of shown) {
    const i = CURVE_TEMPERATURES.indexOf(t);
    console.log(`  ${t.toFixed(1).padStart(4)}  ${curves.map((c) => c[i].toFixed(3).padStart(14)).join('  ')}`);
  }
  console.log(`  ln 5 = ${Math.log(5).toFixed(3)} (five equally likely words), ln 27 = ${Math.log(27).toFixed(3)} (all 27 characters equally likely)`);

  const series: Series[] = [
    ...PROMPTS.map((prompt, k) => ({ name: `after ${JSON.stringify(prompt)}`, x: CURVE_TEMPERATURES, y: curves[k] })),
    { name: 'ln 27 (uniform over the alphabet)', x: CURVE_TEMPERATURES, y: CURVE_TEMPERATURES.map(() => Math.log(27)) },
  ];
  const file = await writeLineChart(join(outDir, 'entropy-vs-temperature.svg'), series, {
    title: 'Entropy of the next-character distribution against the temperature',
    xLabel: 'temperature T',
    yLabel: 'entropy (nats)',
  });
  console.log(`\nentropy against T = 0.1 … 5.0 (left to right):`);
  console.log(terminalChart(series, { height: 10 }));
  console.log(`\npicture: ${file}`);
}
