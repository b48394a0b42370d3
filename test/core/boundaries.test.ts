import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p) : /\.(ts|tsx)$/.test(d.name) ? [p] : [];
  });
}

const importsOf = (src: string) =>
  [
    ...src.matchAll(
      /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]!);

test('no file under electron/core or shared imports electron', () => {
  const offenders: string[] = [];
  for (const f of [...files('electron/core'), ...files('shared')]) {
    for (const spec of importsOf(fs.readFileSync(f, 'utf8'))) {
      if (spec === 'electron' || spec.startsWith('electron/') || spec === 'electron-store')
        offenders.push(`${f}: ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('shared/ uses no node:* modules and no DOM globals', () => {
  const offenders: string[] = [];
  for (const f of files('shared')) {
    const src = fs.readFileSync(f, 'utf8');
    for (const spec of importsOf(src))
      if (spec.startsWith('node:') || ['fs', 'path', 'os', 'crypto'].includes(spec)) offenders.push(`${f}: ${spec}`);
    if (/\b(document|window|Buffer)\./.test(src)) offenders.push(`${f}: DOM or Buffer use`);
  }
  assert.deepEqual(offenders, []);
});

test('the renderer imports no Electron, no Node and no main/preload/core code (types excepted)', () => {
  const offenders: string[] = [];
  for (const f of files('renderer/src')) {
    const src = fs.readFileSync(f, 'utf8');
    const valueImports = src.replace(/import\s+type\s[^;]+;/g, '');
    for (const spec of importsOf(valueImports)) {
      if (spec === 'electron' || spec.startsWith('node:') || /(^|\/)electron\//.test(spec))
        offenders.push(`${f}: ${spec}`);
    }
    if (
      !f.endsWith(path.join('src', 'api.ts')) &&
      /window\.keydeck/.test(src.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))
    ) {
      offenders.push(`${f}: window.keydeck outside api.ts`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the boundary test itself catches an electron import', () => {
  assert.deepEqual(importsOf("import { app } from 'electron';\nconst x = require('electron/main');"), [
    'electron',
    'electron/main',
  ]);
});
