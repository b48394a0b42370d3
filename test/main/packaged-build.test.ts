/**
 * A packaged build (app.isPackaged) has no DevTools: the window's webPreferences say devTools: false, the
 * View menu has no "Toggle Developer Tools", DevTools opened anyway are closed, and KEYDECK_DEV_URL is
 * ignored. Tested at the one seam where Electron is replaced (test/main/fixtures/electron-stub.mjs).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { register } from 'node:module';
import { EventEmitter } from 'node:events';
import { windowOptions } from '../../electron/main/security.js';
import { KeyringVault } from '../../electron/core/vault.js';
import { requireTestKeyring, tempHome, uniqueService } from '../harness/core.js';

interface MenuItem {
  role?: string;
  label?: string;
  submenu?: MenuItem[];
}
interface Recorded {
  windows: { options: { webPreferences: { devTools: boolean } }; loaded?: { file?: string; url?: string } }[];
  menu?: { template: MenuItem[] };
}
interface Stub {
  recorded: Recorded;
  app: EventEmitter & { isPackaged: boolean };
}

const ROOT = process.cwd();
const home = tempHome();
const service = uniqueService();
let stub: Stub;

before(async () => {
  requireTestKeyring();
  process.env.KEYDECK_HOME = home;
  process.env.KEYDECK_SERVICE = service;
  process.env.KEYDECK_TEST_APP_ROOT = ROOT;
  process.env.KEYDECK_DEV_URL = 'http://127.0.0.1:5173/';
  register(new URL('./fixtures/electron-loader.mjs', import.meta.url));
  stub = (await import(new URL('./fixtures/electron-stub.mjs', import.meta.url).href)) as Stub;
  stub.app.isPackaged = true;
  await import('../../electron/main/index.js');
  for (let i = 0; i < 200 && stub.recorded.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
});

after(async () => {
  const vault = new KeyringVault(service);
  for (const e of await vault.entries()) await vault.delete(e.account);
  fs.rmSync(home, { recursive: true, force: true });
});

const roles = (items: MenuItem[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])]);

test('packaged: the window has devTools off and loads the packaged renderer, not a dev URL', () => {
  const win = stub.recorded.windows[0]!;
  assert.equal(win.options.webPreferences.devTools, false);
  assert.deepEqual(win.options, windowOptions(path.join(ROOT, 'dist', 'preload', 'index.cjs'), false, true));
  assert.equal(win.loaded?.file, path.join(ROOT, 'dist', 'renderer', 'index.html'));
  // Unpackaged (development) windows keep them.
  assert.equal(windowOptions('/p').webPreferences.devTools, true);
});

test('packaged: no "Toggle Developer Tools" in the menu; the rest of the View menu stays', () => {
  const menu = stub.recorded.menu!;
  const all = roles(menu.template);
  assert.ok(!all.some((r) => r.toLowerCase() === 'toggledevtools'), all.join(', '));
  assert.ok(!JSON.stringify(menu.template).toLowerCase().includes('developer'));
  assert.ok(all.includes('reload') && all.includes('zoomIn'));
});

test('packaged: DevTools opened anyway on any contents are closed at once', () => {
  const contents = Object.assign(new EventEmitter(), {
    id: 999,
    closed: 0,
    getType: () => 'window',
    setWindowOpenHandler: () => undefined,
    closeDevTools() {
      this.closed++;
    },
  });
  stub.app.emit('web-contents-created', {}, contents);
  contents.emit('devtools-opened');
  assert.equal(contents.closed, 1);
});
