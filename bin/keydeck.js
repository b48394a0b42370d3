#!/usr/bin/env node
// The `keydeck` command. Runs the bundled CLI (built by `npm run build`, which `npm install` runs).
// Kept to syntax every Node since 14 parses, so an older Node gets a clear sentence instead of a crash.
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// The one statement of the Node the CLI needs: package.json's "engines" (e.g. ">=20.10").
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const engines = pkg.engines.node;
const need = /(\d+)\.(\d+)/.exec(engines).slice(1).map(Number);
const have = process.versions.node.split('.').map(Number);
if (have[0] < need[0] || (have[0] === need[0] && have[1] < need[1])) {
  process.stderr.write(
    `error[NODE_VERSION]: keydeck needs Node.js ${need.join('.')} or newer (package.json engines: "${engines}"); ` +
      `this is Node.js ${process.versions.node}. Install a newer Node (https://nodejs.org) and run it again.\n`,
  );
  process.exit(1);
}
// `keydeck --version` answers from package.json (the version's one home, which the bundle's copy is
// built from) without loading the bundle: it is called in prompts and scripts, where start-up is all.
const first = process.argv[2];
if (first === '--version' || first === 'version' || first === '-V') {
  process.stdout.on('error', () => {}); // a reader that closed early (`| true`): no EPIPE stack trace
  process.stdout.write(`keydeck ${pkg.version}\n`);
} else {
  const bundle = new URL('../dist/cli/keydeck.js', import.meta.url);
  if (!existsSync(fileURLToPath(bundle))) {
    process.stderr.write('error[NOT_BUILT]: the CLI is not built yet; run `npm run build` in the Keydeck folder.\n');
    process.exit(1);
  }
  // V8's compile cache (Node ≥ 22.1) keeps the compiled bundle between runs: start-up skips most parsing.
  module.enableCompileCache?.();
  await import(bundle.href);
}
