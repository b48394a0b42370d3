/** The app store (workspaces, settings, screen, dialog) and the toasts store, from their empty states. */
import assert from 'node:assert/strict';
import { beforeEach, mock, test } from 'node:test';
import { getEmptyState, useApp } from '../../renderer/src/stores/app.js';
import { getEmptyState as emptyToasts, toast, useToasts } from '../../renderer/src/stores/toasts.js';
import { ipcError, stubKeydeck } from './stub.js';

beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout'] });
  useApp.setState({ ...getEmptyState(), info: undefined, settings: undefined, fatal: undefined, dialog: undefined });
  useToasts.setState(emptyToasts());
});
test.afterEach(() => mock.timers.reset());

const info = { notices: [{ message: 'Catalog rebuilt from the keychain.' }] };
const workspaces = {
  workspaces: [{ id: 'ws-1', name: 'Personal', createdAt: '2026-01-01T00:00:00.000Z' }],
  activeId: 'ws-1',
};

test('empty state: the credentials screen, no workspace, no dialog', () => {
  assert.deepEqual(getEmptyState(), { workspaces: [], useLog: [], screen: 'credentials' });
  assert.equal(useApp.getState().dialog, undefined);
  assert.deepEqual(emptyToasts(), { toasts: [] });
});

test('boot loads info, workspaces and settings and shows start-up notices', async () => {
  stubKeydeck({
    app: { info: async () => info },
    workspaces: { list: async () => workspaces },
    settings: { get: async () => ({ clipboardClearSeconds: 30 }) },
  });
  await useApp.getState().boot();
  const s = useApp.getState();
  assert.equal(s.activeId, 'ws-1');
  assert.equal(s.settings?.clipboardClearSeconds, 30);
  assert.equal(useToasts.getState().toasts[0]?.title, 'Catalog rebuilt from the keychain.');
  assert.equal(s.fatal, undefined);
});

test('boot failure is fatal, with its code (the app shows "could not start")', async () => {
  stubKeydeck({
    app: { info: async () => Promise.reject(ipcError('KEYCHAIN_UNAVAILABLE', 'No Secret Service.')) },
    workspaces: { list: async () => workspaces },
    settings: { get: async () => ({}) },
  });
  await useApp.getState().boot();
  assert.deepEqual(useApp.getState().fatal, { code: 'KEYCHAIN_UNAVAILABLE', message: 'No Secret Service.' });
});

test('dialogs open and close; the use-log screen loads its entries', async () => {
  useApp.getState().openDialog({ type: 'edit', id: 'x' });
  assert.deepEqual(useApp.getState().dialog, { type: 'edit', id: 'x' });
  useApp.getState().closeDialog();
  assert.equal(useApp.getState().dialog, undefined);
  stubKeydeck({ useLog: { list: async () => [{ action: 'copy' }] } });
  useApp.getState().setScreen('use-log');
  await new Promise((r) => setImmediate(r));
  assert.equal(useApp.getState().screen, 'use-log');
  assert.equal(useApp.getState().useLog.length, 1);
});

test('saveSettings: stored on success; a refusal is returned (with its field) and the settings stay', async () => {
  useApp.setState({ settings: { clipboardClearSeconds: 30 } as never });
  stubKeydeck({ settings: { update: async () => ({ clipboardClearSeconds: 45 }) } });
  assert.equal(await useApp.getState().saveSettings({ clipboardClearSeconds: 45 }), undefined);
  assert.equal(useApp.getState().settings?.clipboardClearSeconds, 45);
  assert.equal(useToasts.getState().toasts.at(-1)?.title, 'Settings saved');

  stubKeydeck({
    settings: { update: async () => Promise.reject(ipcError('INVALID_URL', 'Not a URL.', 'globalBaseUrl')) },
  });
  const err = await useApp.getState().saveSettings({ globalBaseUrl: 'nope' });
  assert.equal(err?.code, 'INVALID_URL');
  assert.equal(useApp.getState().settings?.clipboardClearSeconds, 45);
});

test('addWorkspace: a duplicate name comes back as an error and the dialog stays open', async () => {
  useApp.getState().openDialog({ type: 'workspace' });
  stubKeydeck({
    workspaces: {
      add: async () => Promise.reject(ipcError('DUPLICATE_NAME', 'A workspace named "Personal" already exists.')),
    },
  });
  const err = await useApp.getState().addWorkspace('Personal');
  assert.equal(err?.code, 'DUPLICATE_NAME');
  assert.deepEqual(useApp.getState().dialog, { type: 'workspace' });
});

test('switchWorkspace failure keeps the active workspace and says why', async () => {
  useApp.setState({ activeId: 'ws-1' });
  stubKeydeck({ workspaces: { use: async () => Promise.reject(ipcError('WORKSPACE_NOT_FOUND', 'Gone.')) } });
  await useApp.getState().switchWorkspace('ws-2');
  assert.equal(useApp.getState().activeId, 'ws-1');
  assert.equal(useToasts.getState().toasts.at(-1)?.code, 'WORKSPACE_NOT_FOUND');
});

test('toasts: at most three, errors stay longer, each goes away on its own timer', () => {
  toast.success('one');
  toast.info('two');
  toast.error('three', { code: 'X', message: 'bad' });
  toast.info('four');
  assert.deepEqual(
    useToasts.getState().toasts.map((t) => t.title),
    ['two', 'three', 'four'],
  );
  mock.timers.tick(4000);
  assert.deepEqual(
    useToasts.getState().toasts.map((t) => t.title),
    ['three'],
  );
  mock.timers.tick(5999);
  assert.deepEqual(
    useToasts.getState().toasts.map((t) => t.title),
    ['three'],
    'an error stays 10 s',
  );
  mock.timers.tick(1);
  assert.deepEqual(useToasts.getState().toasts, []);
});
