/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or the ones named on the command line) inside the
 * throwaway keyring and prints their figures. Each bench measures its own baseline in the same run and
 * prints ratios; nothing here asserts on time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BenchModule {
  title: string;
  run(): Promise<void>;
}

const dir = path.dirname(new URL(import.meta.url).pathname);
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !wanted.length || wanted.some((w) => f.includes(w)))
  .sort();

for (const f of files) {
  const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { default: BenchModule };
  console.log(`\n=== ${mod.default.title} (${f}) ===`);
  const t = performance.now();
  await mod.default.run();
  console.log(`(${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
