/**
 * Electron main as a whole, with only the 'electron' module replaced (a module hook resolves it to a
 * recording stand-in): single instance, the hardened window, every IPC channel behind the sender check,
 * the CSP header, permissions, and the real core + its catalog file + real keyring behind it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { IPC_CHANNELS } from '../../shared/ipc-contract.js';
import { windowOptions, CONTENT_SECURITY_POLICY } from '../../electron/main/security.js';
import { KeyringVault } from '../../electron/core/vault.js';
import { requireTestKeyring, tempHome, uniqueService } from '../harness/core.js';

interface Recorded {
  singleInstance: number;
  windows: {
    options: unknown;
    loaded?: { file?: string };
    webContents: { id: number; windowOpenHandler: (d: { url: string }) => unknown };
  }[];
  handlers: Map<
    string,
    (event: unknown, ...args: unknown[]) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>
  >;
  headerHooks: ((d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)[];
  permissionRequest?: (wc: unknown, p: string, cb: (g: boolean) => void) => void;
  permissionCheck?: (wc: unknown, p: string) => boolean;
  menu?: unknown;
  opened: string[];
  quits: number;
  clipboard: { items?: Record<string, string>; text: string; clears: number };
  trays: { tooltip?: string; menu?: { template: { label?: string; click?: () => void }[] } }[];
  shortcuts: Map<string, () => void>;
  takenShortcuts: Set<string>;
}

const ROOT = process.cwd();
const home = tempHome();
const service = uniqueService();
let recorded: Recorded;
let emitQuit: () => void;

before(async () => {
  requireTestKeyring();
  process.env.KEYDECK_HOME = home;
  process.env.KEYDECK_SERVICE = service;
  process.env.KEYDECK_TEST_APP_ROOT = ROOT;
  register(new URL('./fixtures/electron-loader.mjs', import.meta.url));
  const stub = (await import(new URL('./fixtures/electron-stub.mjs', import.meta.url).href)) as {
    recorded: Recorded;
    app: { quit(): void };
  };
  recorded = stub.recorded;
  emitQuit = () => stub.app.quit();
  await import('../../electron/main/index.js');
  for (let i = 0; i < 200 && recorded.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
});

after(async () => {
  const vault = new KeyringVault(service);
  for (const e of await vault.entries()) await vault.delete(e.account);
  fs.rmSync(home, { recursive: true, force: true });
});

const appUrl = () => pathToFileURL(path.join(ROOT, 'dist', 'renderer', 'index.html')).href;
const trusted = () => ({ senderFrame: { url: appUrl() }, sender: { id: recorded.windows[0]!.webContents.id } });

test('one window, single instance, hardened options, the packaged renderer', () => {
  assert.equal(recorded.singleInstance, 1);
  assert.equal(recorded.windows.length, 1);
  const win = recorded.windows[0]!;
  assert.deepEqual(win.options, windowOptions(path.join(ROOT, 'dist', 'preload', 'index.cjs'), false));
  assert.equal(win.loaded?.file, path.join(ROOT, 'dist', 'renderer', 'index.html'));
  assert.ok(recorded.menu, 'an application menu is set');
});

test('window.open is denied; https goes to the OS browser', () => {
  const h = recorded.windows[0]!.webContents.windowOpenHandler;
  assert.deepEqual(h({ url: 'https://platform.inworld.ai/' }), { action: 'deny' });
  assert.deepEqual(h({ url: 'file:///etc/passwd' }), { action: 'deny' });
  assert.deepEqual(recorded.opened, ['https://platform.inworld.ai/']);
});

test('CSP header on every response; permissions denied', () => {
  assert.equal(recorded.headerHooks.length, 1);
  let headers: Record<string, string[]> = {};
  recorded.headerHooks[0]!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders));
  assert.deepEqual(headers['Content-Security-Policy'], [CONTENT_SECURITY_POLICY]);
  assert.deepEqual(headers['X-Other'], ['1']);
  let granted: boolean | undefined;
  recorded.permissionRequest!(null, 'media', (g) => (granted = g));
  assert.equal(granted, false);
  assert.equal(recorded.permissionCheck!(null, 'clipboard-read'), false);
});

test('every channel is registered and refuses a foreign sender', async () => {
  assert.deepEqual([...recorded.handlers.keys()].sort(), [...IPC_CHANNELS].sort());
  const r = await recorded.handlers.get('credentials:list')!(
    { senderFrame: { url: 'https://evil.example/' }, sender: { id: 1 } },
    {},
  );
  assert.equal(r.ok, false);
  assert.equal(r.error!.code, 'FORBIDDEN_SENDER');
});

test('the app window creates a key: core writes the shared catalog (0600), the keyring holds the secret', async () => {
  const created = await recorded.handlers.get('credentials:create')!(trusted(), {
    input: { name: 'OpenAI', kind: 'byok', provider: 'openai' },
    secret: 'sk-wiring-test-0000000001',
  });
  assert.equal(created.ok, true, JSON.stringify(created.error));
  const file = path.join(home, 'catalog.json');
  assert.ok(fs.existsSync(file), 'catalog.json in KEYDECK_HOME, the same file the CLI reads');
  if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.ok(!fs.readFileSync(file, 'utf8').includes('sk-wiring-test'));
  const accounts = (await new KeyringVault(service).entries()).map((e) => e.account);
  assert.equal(accounts.length, 1);
});

test('tray and global shortcut: the default shortcut opens the palette; a copy lists the key in the tray', async () => {
  assert.deepEqual([...recorded.shortcuts.keys()], ['CommandOrControl+Shift+Space']);
  const win = recorded.windows[0]! as unknown as { webContents: { sent: [string, unknown][] } };
  recorded.shortcuts.get('CommandOrControl+Shift+Space')!();
  assert.deepEqual(win.webContents.sent.at(-1), ['palette:open', { source: 'shortcut' }]);
  const tray = recorded.trays[0]!;
  assert.equal(tray.tooltip, 'Keydeck');
  const labels = () => tray.menu!.template.map((i) => i.label);
  assert.ok(labels().includes('No recent keys yet'));
  const r = await recorded.handlers.get('credentials:copy')!(trusted(), { id: 'OpenAI', format: 'env-bash' });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.ok(labels().includes('OpenAI'), `the tray lists the recent key: ${labels().join(', ')}`);
  recorded.clipboard.text = '';
  tray.menu!.template.find((i) => i.label === 'OpenAI')!.click!();
  for (let i = 0; i < 100 && recorded.clipboard.text === ''; i++) await new Promise((res) => setTimeout(res, 10));
  assert.equal(
    recorded.clipboard.text,
    'Authorization: Bearer sk-wiring-test-0000000001',
    'the tray copies the header',
  );
  tray.menu!.template.find((i) => i.label === 'Quick access…')!.click!();
  assert.deepEqual(win.webContents.sent.at(-1), ['palette:open', { source: 'tray' }]);

  // A shortcut another application holds: a clear error beside the setting; the old one keeps working.
  recorded.takenShortcuts.add('Ctrl+Alt+K');
  const taken = await recorded.handlers.get('prefs:shortcut')!(trusted(), { accelerator: 'ctrl+alt+k' });
  assert.equal(taken.ok, false);
  assert.equal(taken.error!.code, 'SHORTCUT_TAKEN');
  assert.match((taken.error as unknown as { message: string }).message, /already used by another application/);
  assert.deepEqual([...recorded.shortcuts.keys()], ['CommandOrControl+Shift+Space']);
  const moved = await recorded.handlers.get('prefs:shortcut')!(trusted(), { accelerator: 'Super+F9' });
  assert.equal(moved.ok, true, JSON.stringify(moved.error));
  assert.deepEqual([...recorded.shortcuts.keys()], ['Super+F9']);
  const prefs = (await recorded.handlers.get('prefs:get')!(trusted(), {})) as {
    value: { globalShortcut: string; shortcut: { registered: boolean } };
  };
  assert.equal(prefs.value.globalShortcut, 'Super+F9');
  assert.equal(prefs.value.shortcut.registered, true);
});

test('copy writes the text with the secret hint; quitting clears it (only ours)', async () => {
  const r = await recorded.handlers.get('credentials:copy')!(trusted(), { id: 'OpenAI', format: 'header' });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(recorded.clipboard.text, 'Authorization: Bearer sk-wiring-test-0000000001');
  if (process.platform === 'linux') {
    assert.equal(
      recorded.clipboard.items?.['electron application/osclipboard;format="x-kde-passwordManagerHint"'],
      'secret',
    );
  }
  emitQuit();
  const clip = () => recorded.clipboard.text;
  for (let i = 0; i < 100 && clip() !== ''; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(clip(), '');
  assert.equal(recorded.clipboard.clears, 1);
});
