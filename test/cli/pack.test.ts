/**
 * The install is real: `npm pack`, then `npm install -g --prefix TMP` of the tarball (from the npm cache:
 * no network here) gives a `keydeck` on PATH that runs, with no dev dependency and no install script.
 * And on a Node older than `engines` says, the CLI says which Node it needs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};

test('npm pack + npm install -g --prefix TMP: keydeck --version runs, without dev dependencies or install scripts', async () => {
  for (const s of ['preinstall', 'install', 'postinstall']) assert.equal(pkg.scripts[s], undefined, `no ${s} script`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-pack-'));
  try {
    const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(packed.status, 0, packed.stderr);
    const tarball = path.join(tmp, packed.stdout.trim().split('\n').pop()!);
    const prefix = path.join(tmp, 'prefix');
    const install = spawnSync(
      'npm',
      ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball],
      { cwd: tmp, encoding: 'utf8', timeout: 300_000 },
    );
    assert.equal(install.status, 0, install.stderr);
    const installed = path.join(prefix, 'lib', 'node_modules', 'keydeck');
    const deps = fs.readdirSync(path.join(installed, 'node_modules'));
    for (const dev of Object.keys(pkg.devDependencies))
      assert.ok(!deps.includes(dev.split('/')[0]!), `dev dependency ${dev}`);
    assert.ok(!fs.existsSync(path.join(installed, 'electron')), 'no source folders');
    const r = spawnSync('keydeck', ['--version'], {
      env: { ...process.env, PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin` },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `keydeck ${pkg.version}\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('bad input: a Node older than engines gets a sentence naming the Node it needs, not a crash', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-engines-'));
  try {
    fs.mkdirSync(path.join(tmp, 'bin'));
    fs.copyFileSync(path.join(ROOT, 'bin', 'keydeck.js'), path.join(tmp, 'bin', 'keydeck.js'));
    fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ type: 'module', engines: { node: '>=99.1' } }));
    const r = spawnSync(process.execPath, [path.join(tmp, 'bin', 'keydeck.js'), '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /^error\[NODE_VERSION\]: keydeck needs Node\.js 99\.1 or newer .*this is Node\.js \d+\.\d+\.\d+/,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
