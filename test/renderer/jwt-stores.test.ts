/** The sandbox, JWT and validation stores from their empty states, with their error paths. */
import assert from 'node:assert/strict';
import { beforeEach, mock, test } from 'node:test';
import { useApp } from '../../renderer/src/stores/app.js';
import { useCredentials, getEmptyState as emptyCredentials } from '../../renderer/src/stores/credentials.js';
import { getEmptyState as emptyJwt, useJwt } from '../../renderer/src/stores/jwt.js';
import { getEmptyState as emptySandbox, useSandbox } from '../../renderer/src/stores/sandbox.js';
import { getEmptyState as emptyValidation, useValidation } from '../../renderer/src/stores/validation.js';
import { useToasts } from '../../renderer/src/stores/toasts.js';
import { credential, ipcError, stubKeydeck } from './stub.js';

beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout'] });
  useSandbox.setState({ ...emptySandbox(), startError: undefined, test: undefined, testError: undefined });
  useJwt.setState(emptyJwt());
  useValidation.setState(emptyValidation());
  useCredentials.setState(emptyCredentials());
  useToasts.setState({ toasts: [] });
  useApp.setState({ activeId: 'ws-1' });
});
test.afterEach(() => mock.timers.reset());

test('empty states: sandbox stopped with no events, no JWT material, nothing validating', () => {
  assert.deepEqual(emptySandbox(), {
    status: { running: false, connections: 0 },
    events: [],
    since: 0,
    starting: false,
    testing: false,
    recordings: [],
  });
  assert.equal(emptyJwt().loaded, false);
  assert.deepEqual(emptyJwt().keys, []);
  assert.deepEqual(emptyValidation(), { running: {}, errors: {}, routerRunning: {}, router: {} });
});

test('sandbox start: a taken port comes back as startError and starting ends', async () => {
  stubKeydeck({
    jwt: {
      sandbox: { start: async () => Promise.reject(ipcError('PORT_IN_USE', 'Port 8787 is already in use.', 'port')) },
    },
  });
  await useSandbox.getState().start({ port: 8787 } as never);
  const s = useSandbox.getState();
  assert.equal(s.starting, false);
  assert.equal(s.startError?.code, 'PORT_IN_USE');
  assert.equal(s.status.running, false);
});

test('sandbox clearLog empties the shown events', () => {
  useSandbox.setState({ events: [{ seq: 1 } as never] });
  useSandbox.getState().clearLog();
  assert.deepEqual(useSandbox.getState().events, []);
});

test('validate: an error is kept for that credential, toasted, and the probe is no longer running', async () => {
  const c = credential({ name: 'OpenAI' });
  useCredentials.setState({ items: [c], visible: [c], selectedId: c.id });
  stubKeydeck({
    validation: { run: async () => Promise.reject(ipcError('SECRET_MISSING', 'The keychain has no secret for it.')) },
  });
  await useValidation.getState().validate(c.id);
  const s = useValidation.getState();
  assert.equal(s.errors[c.id]?.code, 'SECRET_MISSING');
  assert.deepEqual(s.running, {});
  assert.equal(useToasts.getState().toasts.at(-1)?.code, 'SECRET_MISSING');
});

test('validate: a result replaces the credential in the list and clears an earlier error', async () => {
  const c = credential({ name: 'OpenAI' });
  useCredentials.setState({ items: [c], visible: [c], selectedId: c.id });
  useValidation.setState({ errors: { [c.id]: { code: 'X', message: 'old' } } });
  const result = { status: 'valid', httpStatus: 200, checkedAt: '2026-01-01T00:00:00.000Z' };
  stubKeydeck({ validation: { run: async () => ({ credential: { ...c, validation: result }, result }) } });
  await useValidation.getState().validate(c.id);
  assert.deepEqual(useValidation.getState().errors, {});
  assert.equal(useCredentials.getState().items[0]?.validation?.status, 'valid');
});

test('mint: a refusal is kept with the field it belongs to, and minting ends', async () => {
  stubKeydeck({
    jwt: { mint: async () => Promise.reject(ipcError('INVALID_LIFETIME', '"2d" is not between 1s and 24h.')) },
  });
  await useJwt.getState().mint({ key: 'k', ttl: '2d' } as never);
  const s = useJwt.getState();
  assert.equal(s.minting, false);
  assert.equal(s.mintError?.field, 'ttl');
  assert.equal(s.minted, undefined);
  stubKeydeck({ jwt: { mint: async () => Promise.reject(ipcError('SOMETHING_ELSE', 'Odd.')) } });
  await useJwt.getState().mint({ key: 'k' } as never);
  assert.equal(useJwt.getState().mintError?.field, 'form');
});

test('jwt load failure: loaded (no endless spinner) with a toast', async () => {
  stubKeydeck({
    credentials: { list: async () => [] },
    jwt: { keys: async () => Promise.reject(ipcError('KEYCHAIN_UNAVAILABLE', 'Locked.')), revocations: async () => [] },
  });
  await useJwt.getState().load();
  assert.equal(useJwt.getState().loaded, true);
  assert.deepEqual(useJwt.getState().keys, []);
  assert.equal(useToasts.getState().toasts.at(-1)?.code, 'KEYCHAIN_UNAVAILABLE');
});
