/**
 * The IPC wrapper and handlers over a real core and the throwaway real keyring. `ipcMain` is the only
 * stand-in (the Electron seam): handlers are captured from `handle()` and called as Electron would.
 * Every channel gets wrong types, missing and extra fields, prototype keys, strings over 1 MiB and
 * foreign senders: each is a typed error, no handler runs, and the catalog and keychain are unchanged.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { z } from 'zod';
import {
  IPC_CHANNELS,
  MAX_IPC_STRING,
  ipcContract,
  type IpcChannel,
  type IpcRequest,
} from '../../shared/ipc-contract.js';
import { ClipboardGuard, MemoryClipboard } from '../../electron/main/clipboard-guard.js';
import { createHandlers, type IpcHandlers } from '../../electron/main/ipc-handlers.js';
import {
  FORBIDDEN_SENDER,
  isTrustedSender,
  registerIpc,
  type IpcEvent,
  type IpcMainLike,
} from '../../electron/main/ipc.js';
import { makeTestCore, type TestCore } from '../harness/core.js';
import type { Vault } from '../../electron/core/vault.js';
import { VALIDATION_SAMPLES } from './ipc-samples/validation.js';
import { JWT_SAMPLES } from './ipc-samples/jwt.js';
import { WORK_SAMPLES } from './ipc-samples/work.js';
import { QUICK_SAMPLES } from './ipc-samples/quick.js';
import { ENV_IMPORT_SAMPLES } from './ipc-samples/env-import.js';
import { TEAM_SAMPLES } from './ipc-samples/team.js';

const APP_URL = 'file:///opt/Keydeck/resources/app.asar/dist/renderer/';
const OUR_ID = 7;
const policy = { appUrl: APP_URL, webContentsIds: () => [OUR_ID] };
const trusted: IpcEvent = { senderFrame: { url: `${APP_URL}index.html` }, sender: { id: OUR_ID } };

let core: TestCore;
let clipboard: MemoryClipboard;
let calls: string[];
let registered: Map<string, (event: IpcEvent, ...args: unknown[]) => Promise<unknown>>;
let credId: string;
/** Every keychain write (set, delete) the core makes, counted at its vault. */
let keychainWrites = 0;

before(async () => {
  core = makeTestCore({
    wrap: (v: Vault): Vault => ({
      service: v.service,
      backend: () => v.backend(),
      get: (a) => v.get(a),
      entries: () => v.entries(),
      set: (a, value) => (keychainWrites++, v.set(a, value)),
      delete: (a) => (keychainWrites++, v.delete(a)),
    }),
  });
  const { credential } = await core.credentials.create(
    { name: 'OpenAI', kind: 'byok', provider: 'openai' },
    'sk-ipc-test-000000000001',
  );
  credId = credential.id;
  clipboard = new MemoryClipboard();
  const real = createHandlers({ core, clipboard: new ClipboardGuard(clipboard), version: 'test' });
  calls = [];
  const spied = Object.fromEntries(
    Object.entries(real).map(([k, fn]) => [
      k,
      async (req: unknown, ctx: unknown) => {
        calls.push(k);
        return (fn as (r: unknown, c: unknown) => Promise<unknown>)(req, ctx);
      },
    ]),
  ) as unknown as IpcHandlers;
  registered = new Map();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void registered.set(channel, listener),
    removeHandler: (channel) => void registered.delete(channel),
  };
  registerIpc(ipcMain, spied, policy);
});

after(() => core.cleanup());

const VALID: { [C in IpcChannel]: IpcRequest<C> } = {
  ...VALIDATION_SAMPLES,
  ...JWT_SAMPLES,
  ...WORK_SAMPLES,
  ...QUICK_SAMPLES,
  ...ENV_IMPORT_SAMPLES,
  ...TEAM_SAMPLES,
  'app:info': {},
  'workspaces:list': {},
  'workspaces:add': { name: 'Staging' },
  'workspaces:use': { workspace: 'Personal' },
  'workspaces:remove': { workspace: 'Nope' },
  'credentials:list': { text: 'open' },
  'credentials:get': { id: 'placeholder' },
  'credentials:create': { input: { name: 'New', kind: 'byok', provider: 'groq' }, secret: 'gsk_new_000000000001' },
  'credentials:update': { id: 'placeholder', patch: { note: 'x' } },
  'credentials:rotate': { id: 'placeholder', secret: 'sk-rotated-00000000001' },
  'credentials:retire': { id: 'placeholder', version: 1 },
  'credentials:delete': { id: 'placeholder' },
  'credentials:copy': { id: 'placeholder', format: 'header' },
  'credentials:reveal': { id: 'placeholder' },
  'clipboard:clear': {},
  'uselog:list': { limit: 5 },
  'settings:get': {},
  'settings:update': { patch: { clipboardClearSeconds: 40 } },
};

function valid(c: IpcChannel): Record<string, unknown> {
  const v = structuredClone(VALID[c]) as Record<string, unknown>;
  if (v.id === 'placeholder') v.id = credId;
  return v;
}

const HUGE = 'a'.repeat(MAX_IPC_STRING + 1);

/** Bad variants of a channel's payload, each with a label. */
function badPayloads(c: IpcChannel): [string, unknown][] {
  const v = valid(c);
  const out: [string, unknown][] = [
    ['null', null],
    ['a number', 42],
    ['a string', 'credentials'],
    ['an array', [v]],
    ['a boolean', true],
    ['an extra field', { ...v, extra: 1 }],
    ['a huge extra field', { ...v, [HUGE.slice(0, 10)]: HUGE }],
    [
      'a __proto__ key',
      JSON.parse(
        JSON.stringify(v).replace(
          /^\{/,
          Object.keys(v).length ? '{"__proto__":{"polluted":true},' : '{"__proto__":{"polluted":true}',
        ),
      ),
    ],
    ['a constructor key', { ...v, constructor: { prototype: { polluted: true } } }],
    ['a class instance', Object.assign(new (class Evil {})(), v)],
  ];
  const shape = (ipcContract[c].request as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  for (const key of Object.keys(v)) {
    if (!shape[key]!.safeParse(undefined).success) {
      const missing = { ...v };
      delete missing[key];
      out.push([`missing ${key}`, missing]);
    }
    out.push([`${key} as a boolean`, { ...v, [key]: true }]);
    out.push([`${key} as an object`, { ...v, [key]: { nested: 1 } }]);
    if (typeof v[key] === 'string') out.push([`${key} over 1 MiB`, { ...v, [key]: HUGE }]);
    const inner = v[key];
    if (inner && typeof inner === 'object') {
      out.push([`${key} with an extra field`, { ...v, [key]: { ...inner, extra: true } }]);
      out.push([`${key} with a __proto__ key`, { ...v, [key]: JSON.parse('{"__proto__":{"polluted":true}}') }]);
      for (const k of Object.keys(inner)) {
        if (typeof (inner as Record<string, unknown>)[k] === 'string') {
          out.push([`${key}.${k} over 1 MiB`, { ...v, [key]: { ...inner, [k]: HUGE } }]);
        }
        out.push([`${key}.${k} as a number array`, { ...v, [key]: { ...inner, [k]: [1, 2] } }]);
      }
    }
  }
  return out;
}

/**
 * What a refused call must leave alone. The keychain is seen through the core's own vault (a write
 * count): reading the real keychain twice per channel cost more than everything else in this file.
 */
async function snapshot() {
  return {
    catalog: fs.readFileSync(core.catalog.path, 'utf8'),
    keychainWrites,
    clipboard: clipboard.text,
  };
}

test('every channel of the contract is registered through the wrapper', () => {
  assert.deepEqual([...registered.keys()].sort(), [...IPC_CHANNELS].sort());
});

test('a trusted call runs its handler (so the refusals below are meaningful)', async () => {
  const r = (await registered.get('credentials:copy')!(trusted, valid('credentials:copy'))) as { ok: boolean };
  assert.equal(r.ok, true);
  assert.equal(clipboard.text, 'Authorization: Bearer sk-ipc-test-000000000001');
  assert.deepEqual(calls.splice(0), ['credentials:copy']);
  const list = (await registered.get('credentials:list')!(trusted, {})) as { ok: true; value: { name: string }[] };
  assert.deepEqual(
    list.value.map((c) => c.name),
    ['OpenAI'],
  );
  assert.ok(!JSON.stringify(list).includes('sk-ipc-test'), 'metadata only, never the secret');
  calls.splice(0);
});

for (const channel of IPC_CHANNELS) {
  test(`${channel}: bad payloads get INVALID_INPUT, no handler runs, nothing changes`, async () => {
    const before = await snapshot();
    const bad = badPayloads(channel);
    assert.ok(bad.length >= 10);
    for (const [label, payload] of bad) {
      const r = (await registered.get(channel)!(trusted, payload)) as {
        ok: boolean;
        error?: { code: string; message: string };
      };
      assert.equal(r.ok, false, `${channel} accepted ${label}`);
      assert.equal(r.error!.code, 'INVALID_INPUT', `${channel} / ${label}: ${r.error?.message}`);
      assert.ok(r.error!.message.length < 400, 'the error does not echo the payload');
      assert.ok(!r.error!.message.includes('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'));
    }
    assert.deepEqual(calls, [], `no handler ran for ${channel}`);
    assert.deepEqual(await snapshot(), before);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test(`${channel}: a sender that is not the app window is refused before parsing`, async () => {
    const before = await snapshot();
    const foreign: IpcEvent[] = [
      { senderFrame: null, sender: { id: OUR_ID } },
      { senderFrame: { url: 'https://evil.example/' }, sender: { id: OUR_ID } },
      { senderFrame: { url: 'file:///tmp/evil.html' }, sender: { id: OUR_ID } },
      { senderFrame: { url: `${APP_URL}index.html` }, sender: { id: 99 } },
      { senderFrame: { url: 'not a url' }, sender: { id: OUR_ID } },
    ];
    for (const event of foreign) {
      const r = await registered.get(channel)!(event, valid(channel));
      assert.deepEqual(r, FORBIDDEN_SENDER);
    }
    assert.deepEqual(calls, []);
    assert.deepEqual(await snapshot(), before);
  });
}

test('extra positional arguments are refused', async () => {
  const r = (await registered.get('credentials:list')!(trusted, {}, 'second')) as { ok: boolean };
  assert.equal(r.ok, false);
  assert.deepEqual(calls, []);
});

test('isTrustedSender: fails closed', () => {
  assert.equal(isTrustedSender(trusted, policy), true);
  assert.equal(isTrustedSender({ senderFrame: null, sender: { id: OUR_ID } }, policy), false);
  assert.equal(
    isTrustedSender({ senderFrame: { url: APP_URL + 'x' }, sender: { id: OUR_ID } }, { ...policy, appUrl: '::' }),
    false,
  );
  assert.equal(
    isTrustedSender(
      { senderFrame: { url: 'http://127.0.0.1:5173/' }, sender: { id: OUR_ID } },
      { ...policy, appUrl: 'http://127.0.0.1:5173/' },
    ),
    true,
  );
  assert.equal(
    isTrustedSender(
      { senderFrame: { url: 'http://127.0.0.1:5174/' }, sender: { id: OUR_ID } },
      { ...policy, appUrl: 'http://127.0.0.1:5173/' },
    ),
    false,
  );
});

test('core errors cross as { code, message } objects without secrets, never as strings', async () => {
  const r = (await registered.get('credentials:create')!(trusted, {
    input: { name: 'Second', kind: 'byok', provider: 'openai' },
    secret: 'sk-second-000000000001',
  })) as { ok: false; error: { code: string; message: string } };
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'BYOK_PROVIDER_TAKEN');
  assert.ok(!r.error.message.includes('sk-second'));
  assert.deepEqual(Object.keys(r.error).sort(), ['code', 'field', 'message'], 'the field it is about, nothing more');
  assert.equal((r.error as { field?: string }).field, 'provider');
  assert.doesNotMatch(r.error.message, /^\[/, 'no "[CODE] message" string');
  calls.splice(0);
});

test('an error about one input crosses with its field', async () => {
  const r = (await registered.get('projects:save-file')!(trusted, {
    credentials: ['OpenAI'],
    folder: '/nonexistent/keydeck-ipc-folder',
  })) as { ok: false; error: { code: string; message: string; field?: string } };
  assert.equal(r.ok, false);
  assert.deepEqual(r.error, {
    code: 'PATH_NOT_FOUND',
    message: 'The folder /nonexistent/keydeck-ipc-folder does not exist.',
    field: 'folder',
  });
  calls.splice(0);
});
