/**
 * Core's front door: `createCore` hands out services, never the catalog or the keychain, and nothing in
 * electron/main or electron/cli reaches either one. A core's own keys and values hold neither; main and
 * the CLI never name them (nor import core past `index.ts`); and what they can import (the front door
 * and the modules `core.load.*` loads) exports neither. With `Core`'s type holding no store, the type
 * checker (`tsc`) refuses any other way to reach one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { createCore } from '../../electron/core/index.js';
import { Catalog } from '../../electron/core/catalog.js';
import { wiringOf } from '../../electron/core/core-parts.js';
import { KeyringVault, type Vault } from '../../electron/core/vault.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** A vault that refuses every call: building a core must not touch the keychain. */
const untouchable: Vault = {
  service: 'keydeck-front-door-test',
  backend: () => {
    throw new Error('keychain touched');
  },
  set: () => Promise.reject(new Error('keychain touched')),
  get: () => Promise.reject(new Error('keychain touched')),
  delete: () => Promise.reject(new Error('keychain touched')),
  entries: () => Promise.reject(new Error('keychain touched')),
};

test('createCore returns services only: no catalog or vault among its keys or values', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-front-door-'));
  try {
    const core = createCore({ home, vault: untouchable });
    const keys = Object.keys(core);
    assert.deepEqual(
      keys.filter((k) => /catalog|vault|keychain/i.test(k)),
      [],
      `createCore's keys: ${keys.join(', ')}`,
    );
    for (const [k, v] of Object.entries(core)) {
      assert.ok(!(v instanceof Catalog), `core.${k} is the catalog`);
      assert.notEqual(v, untouchable, `core.${k} is the vault`);
    }
    for (const k of ['credentials', 'workspaces', 'settings']) assert.ok(keys.includes(k), `core.${k}`);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.tsx?$/.test(d.name) && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** What holds or hands out the catalog and keychain: their classes and types, and the core's wiring. */
const STORES = new Set(['Catalog', 'Vault', 'KeyringVault', 'CoreWiring', 'wiringOf', 'wiring']);

/**
 * Where a file names a store (an identifier from STORES in code, imports and types included) or imports
 * core other than through its front door. Syntax only (TypeScript's parser, no type checker): cheap.
 */
function storeReaches(file: string, text = fs.readFileSync(file, 'utf8')): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const at = (node: ts.Node) =>
    `${path.relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && STORES.has(node.text)) found.push(`${at(node)}: ${node.text}`);
    if (ts.isStringLiteral(node) && /(^|\/)core\//.test(node.text) && !/(^|\/)core\/index\.js$/.test(node.text)) {
      found.push(`${at(node)}: imports ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

test('no code in electron/main or electron/cli names the catalog, the keychain or the wiring', () => {
  const files = [...sources(path.join(ROOT, 'electron/main')), ...sources(path.join(ROOT, 'electron/cli'))];
  assert.ok(files.length > 10, 'main and cli sources found');
  assert.deepEqual(
    files.flatMap((f) => storeReaches(f)),
    [],
  );
});

test('the front door and the modules core.load.* loads export no store (values and types)', async () => {
  const modules = {
    index: 'electron/core/index.ts',
    jwt: 'electron/core/jwt/index.ts',
    backup: 'electron/core/backup/index.ts',
    sandbox: 'electron/core/sandbox/index.ts',
    validation: 'electron/core/validation/index.ts',
    scan: 'electron/core/scan/index.ts',
    exec: 'electron/core/exec/index.ts',
    clipboard: 'electron/core/clipboard-cli.ts',
    team: 'electron/core/team/index.ts',
    migrate: 'electron/core/migrate/index.ts',
    refs: 'electron/core/refs/index.ts',
  };
  // Every loader of a core is listed here, so a new one is checked too.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-front-door-'));
  try {
    const core = createCore({ home, vault: untouchable });
    assert.deepEqual(
      Object.keys(core.load).sort(),
      Object.keys(modules)
        .filter((m) => m !== 'index')
        .sort(),
    );
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  const offenders: string[] = [];
  for (const [name, file] of Object.entries(modules)) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [k, v] of Object.entries(mod)) {
      if (STORES.has(k) || v === Catalog || v === KeyringVault || v === wiringOf) offenders.push(`${name}: ${k}`);
    }
    // Type-only exports leave no trace at run time: read the export lists.
    const sf = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
    sf.forEachChild((n) => {
      if (ts.isExportDeclaration(n) && n.exportClause && ts.isNamedExports(n.exportClause)) {
        for (const e of n.exportClause.elements)
          if (STORES.has(e.name.text)) offenders.push(`${name}: type ${e.name.text}`);
      }
    });
  }
  assert.deepEqual(offenders, []);
});

test('the check itself finds a store named in main or the CLI, and a side-door import', () => {
  const found = storeReaches(
    path.join(ROOT, 'electron/main/bad.ts'),
    "import type { Vault } from '../core/vault.js';\nexport const open = (v: Vault) => v;\n",
  );
  assert.deepEqual(found, [
    'electron/main/bad.ts:1: Vault',
    'electron/main/bad.ts:1: imports ../core/vault.js',
    'electron/main/bad.ts:2: Vault',
  ]);
  assert.deepEqual(
    storeReaches(path.join(ROOT, 'electron/cli/ok.ts'), "import { createCore } from '../core/index.js';\n"),
    [],
  );
});
