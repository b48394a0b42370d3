#!/usr/bin/env node
// The `keydeck` command. Runs the bundled CLI (built by `npm run build`, which `npm install` runs).
// Kept to syntax every Node since 14 parses, so an older Node gets a clear sentence instead of a crash.
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// The one statement of the Node the CLI needs: package.json's "engines" (e.g. ">=20.10").
const engines = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;
const need = /(\d+)\.(\d+)/.exec(engines).slice(1).map(Number);
const have = process.versions.node.split('.').map(Number);
if (have[0] < need[0] || (have[0] === need[0] && have[1] < need[1])) {
  process.stderr.write(
    `error[NODE_VERSION]: keydeck needs Node.js ${need.join('.')} or newer (package.json engines: "${engines}"); ` +
      `this is Node.js ${process.versions.node}. Install a newer Node (https://nodejs.org) and run it again.\n`,
  );
  process.exit(1);
}
const bundle = new URL('../dist/cli/keydeck.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('error[NOT_BUILT]: the CLI is not built yet; run `npm run build` in the Keydeck folder.\n');
  process.exit(1);
}
// V8's compile cache (Node ≥ 22.1) keeps the compiled bundle between runs: start-up skips most parsing.
module.enableCompileCache?.();
await import(bundle.href);
