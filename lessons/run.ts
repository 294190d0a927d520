// `npm run lesson -- <NN>` runs the demo of lessons/<NN>-*/demo.ts. Without an argument it lists the lessons.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const lessons = readdirSync(here, { withFileTypes: true })
  .filter((e) => e.isDirectory() && /^\d\d-/.test(e.name))
  .map((e) => e.name)
  .sort();

const wanted = process.argv[2];
if (!wanted) {
  console.log('Usage: npm run lesson -- <NN>   (e.g. npm run lesson -- 02)\n\nLessons:');
  for (const name of lessons) console.log(`  ${name}`);
  process.exit(0);
}
const matches = lessons.filter((name) => name.startsWith(wanted.padStart(2, '0')) || name.includes(wanted));
if (matches.length !== 1) {
  console.error(
    matches.length === 0
      ? `No lesson matches "${wanted}". Available: ${lessons.join(', ')}`
      : `"${wanted}" matches several lessons: ${matches.join(', ')}. Be more specific.`,
  );
  process.exit(2);
}
const demo = (await import(pathToFileURL(join(here, matches[0], 'demo.ts')).href)) as { main: () => unknown };
await demo.main();
