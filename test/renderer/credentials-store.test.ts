/** The credentials store against its empty state, with a stub bridge (Signal's ducks tests, no DOM). */
import assert from 'node:assert/strict';
import { beforeEach, mock, test } from 'node:test';
import { getEmptyState, REVEAL_SECONDS, useCredentials } from '../../renderer/src/stores/credentials.js';
import { useApp } from '../../renderer/src/stores/app.js';
import { useToasts } from '../../renderer/src/stores/toasts.js';
import { credential, ipcError, removeKeydeck, stubKeydeck } from './stub.js';

beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout'] });
  useCredentials.setState(getEmptyState());
  useToasts.setState({ toasts: [] });
  useApp.setState({ activeId: 'ws-1' });
});
test.afterEach(() => mock.timers.reset());

const lastToast = () => useToasts.getState().toasts.at(-1);

test('empty state: nothing loaded, nothing selected, no secret held', () => {
  const s = getEmptyState();
  assert.deepEqual(s, { items: [], visible: [], loaded: false, text: '', filters: {} });
  const st = useCredentials.getState();
  assert.equal(st.selectedId, undefined);
  assert.equal(st.revealed, undefined);
});

test('load fills the list for the active workspace and selects the first', async () => {
  const a = credential({ name: 'Alpha' });
  const b = credential({ name: 'Beta', tags: ['prod'] });
  const calls: unknown[] = [];
  stubKeydeck({ credentials: { list: async (req: unknown) => (calls.push(req), [a, b]) } });
  await useCredentials.getState().load();
  const s = useCredentials.getState();
  assert.deepEqual(calls, [{ workspace: 'ws-1' }]);
  assert.equal(s.loaded, true);
  assert.deepEqual(s.visible, [a, b]);
  assert.equal(s.selectedId, a.id);
});

test('load failure: marked loaded (empty list, not a spinner forever) and an error toast with the code', async () => {
  stubKeydeck({ credentials: { list: async () => Promise.reject(ipcError('KEYCHAIN_UNAVAILABLE', 'Locked.')) } });
  await useCredentials.getState().load();
  assert.equal(useCredentials.getState().loaded, true);
  assert.deepEqual(useCredentials.getState().items, []);
  assert.deepEqual(
    { tone: lastToast()?.tone, code: lastToast()?.code, detail: lastToast()?.detail },
    { tone: 'error', code: 'KEYCHAIN_UNAVAILABLE', detail: 'Locked.' },
  );
});

test('no bridge: load reports NO_BRIDGE instead of throwing', async () => {
  removeKeydeck();
  await useCredentials.getState().load();
  assert.equal(lastToast()?.code, 'NO_BRIDGE');
});

test('search and filters narrow the list; the selection follows what is visible', () => {
  const a = credential({ name: 'Alpha', kind: 'standard' });
  const b = credential({ name: 'Beta', kind: 'byok', provider: 'openai', tags: ['prod'] });
  useCredentials.setState({ items: [a, b], visible: [a, b], selectedId: a.id });
  useCredentials.getState().setText('bet');
  assert.deepEqual(useCredentials.getState().visible, [b]);
  assert.equal(useCredentials.getState().selectedId, b.id);
  useCredentials.getState().setText('');
  useCredentials.getState().setFilter('kind', 'standard');
  assert.deepEqual(useCredentials.getState().visible, [a]);
  useCredentials.getState().setFilter('tag', 'prod');
  assert.deepEqual(useCredentials.getState().visible, []);
  assert.equal(useCredentials.getState().selectedId, undefined);
  useCredentials.getState().clearFilters();
  assert.deepEqual(useCredentials.getState().visible, [a, b]);
});

test('move steps through the visible list and stops at both ends', () => {
  const [a, b, c] = [credential(), credential(), credential()];
  useCredentials.setState({ items: [a, b, c], visible: [a, b, c], selectedId: a.id });
  const { move } = useCredentials.getState();
  move(1);
  move(1);
  move(1);
  assert.equal(useCredentials.getState().selectedId, c.id);
  move(-5);
  assert.equal(useCredentials.getState().selectedId, a.id);
});

test('create adds and selects the new credential; a refusal returns the error and changes nothing', async () => {
  const made = credential({ name: 'New' });
  stubKeydeck({
    credentials: { create: async () => ({ credential: made, notices: [] }) },
    validation: { afterSave: async () => undefined },
    settings: { get: async () => ({ validateOnSave: false }) },
  });
  // validate-on-save is the validation store's business; here it must not fail the create.
  const ok = await useCredentials.getState().create({ name: 'New' } as never, 'secret-value');
  assert.equal(ok, undefined);
  assert.deepEqual(useCredentials.getState().items, [made]);
  assert.equal(useCredentials.getState().selectedId, made.id);

  stubKeydeck({
    credentials: {
      create: async () =>
        Promise.reject(ipcError('DUPLICATE_NAME', 'A credential named "New" already exists.', 'name')),
    },
  });
  const err = await useCredentials.getState().create({ name: 'New' } as never, 'x');
  assert.equal(err?.code, 'DUPLICATE_NAME');
  assert.equal(err?.message, 'A credential named "New" already exists.');
  assert.deepEqual(useCredentials.getState().items, [made]);
});

test('update replaces the one credential; a refusal leaves it as it was', async () => {
  const a = credential({ name: 'A' });
  useCredentials.setState({ items: [a], visible: [a], selectedId: a.id });
  stubKeydeck({ credentials: { update: async () => ({ ...a, note: 'changed' }) } });
  assert.equal(await useCredentials.getState().update(a.id, { note: 'changed' }), undefined);
  assert.equal(useCredentials.getState().items[0]?.note, 'changed');
  stubKeydeck({
    credentials: { update: async () => Promise.reject(ipcError('INVALID_URL', 'Not a URL.', 'baseUrl')) },
  });
  const err = await useCredentials.getState().update(a.id, { baseUrl: 'nope' });
  assert.equal(err?.code, 'INVALID_URL');
  assert.equal(useCredentials.getState().items[0]?.note, 'changed');
});

test('remove drops the credential (and a revealed secret of it); failure keeps it and says so', async () => {
  const a = credential();
  const b = credential();
  useCredentials.setState({ items: [a, b], visible: [a, b], selectedId: a.id });
  stubKeydeck({ credentials: { delete: async () => Promise.reject(ipcError('CATALOG_LOCKED', 'Busy.')) } });
  await useCredentials.getState().remove(a.id);
  assert.equal(useCredentials.getState().items.length, 2);
  assert.equal(lastToast()?.code, 'CATALOG_LOCKED');

  useCredentials.setState({ revealed: { id: a.id, version: 1, secret: 's3cret', masksAt: 0 } });
  stubKeydeck({ credentials: { delete: async () => ({ deleted: true }) } });
  await useCredentials.getState().remove(a.id);
  assert.deepEqual(useCredentials.getState().items, [b]);
  assert.equal(useCredentials.getState().selectedId, b.id);
  assert.equal(useCredentials.getState().revealed, undefined);
});

test('reveal holds the secret until the timer masks it; selecting another credential masks at once', async () => {
  const a = credential();
  const b = credential();
  useCredentials.setState({ items: [a, b], visible: [a, b], selectedId: a.id });
  stubKeydeck({ credentials: { reveal: async () => ({ version: 1, secret: 'shown-once' }) } });
  await useCredentials.getState().reveal(a.id);
  assert.equal(useCredentials.getState().revealed?.secret, 'shown-once');
  mock.timers.tick(REVEAL_SECONDS * 1000 - 1);
  assert.equal(useCredentials.getState().revealed?.secret, 'shown-once');
  mock.timers.tick(1);
  assert.equal(useCredentials.getState().revealed, undefined);

  await useCredentials.getState().reveal(a.id);
  useCredentials.getState().select(b.id);
  assert.equal(useCredentials.getState().revealed, undefined);
});

test('copy starts the clipboard countdown; a missing secret reloads the list', async () => {
  const a = credential({ name: 'A' });
  useCredentials.setState({ items: [a], visible: [a], selectedId: a.id });
  stubKeydeck({ credentials: { copy: async () => ({ clearAfterSeconds: 30 }) } });
  await useCredentials.getState().copy(a.id, 'header');
  assert.equal(useCredentials.getState().clipboard?.name, 'A');
  mock.timers.tick(30_000);
  assert.equal(useCredentials.getState().clipboard, undefined);

  let reloaded = 0;
  stubKeydeck({
    credentials: {
      copy: async () => Promise.reject(ipcError('SECRET_MISSING', 'Not in the keychain.')),
      list: async () => (reloaded++, [a]),
    },
  });
  await useCredentials.getState().copy(a.id, 'header');
  await new Promise((r) => setImmediate(r));
  assert.equal(lastToast()?.code, 'SECRET_MISSING');
  assert.equal(reloaded, 1);
});
