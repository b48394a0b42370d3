/** Favourites, recents and the global shortcut persist in the catalog (issue 11 §2). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeydeckError } from '../../shared/errors.js';
import { DEFAULT_GLOBAL_SHORTCUT, MAX_RECENTS } from '../../shared/domain.js';
import { checkAccelerator } from '../../shared/accelerator.js';
import { createCore } from '../../electron/core/index.js';
import { makeTestCore } from '../harness/core.js';

test('stars and recents persist, newest first, capped; deleted keys drop out', async () => {
  let now = Date.parse('2026-12-01T00:00:00Z');
  const core = makeTestCore({ now: () => now });
  try {
    assert.deepEqual(core.preferences.get(), { favourites: [], recents: [], globalShortcut: DEFAULT_GLOBAL_SHORTCUT });
    const ids: string[] = [];
    for (let i = 0; i < MAX_RECENTS + 2; i++) {
      const r = await core.credentials.create(
        { name: `k${i}`, kind: 'standard', provider: 'custom' },
        `secret-${i}-xyz`,
      );
      ids.push(r.credential.id);
    }
    await core.preferences.setFavourite(ids[3]!, true);
    await core.preferences.setFavourite(ids[5]!, true);
    await core.preferences.setFavourite(ids[3]!, false);
    for (const id of ids) {
      now += 1000;
      await core.preferences.markRecent(id);
    }
    now += 1000;
    await core.preferences.markRecent(ids[0]!);
    const again = createCore({ home: core.home, vault: core.vault }).preferences.get();
    assert.deepEqual(again.favourites, [ids[5]]);
    assert.equal(again.recents.length, MAX_RECENTS);
    assert.equal(again.recents[0]!.credentialId, ids[0], 'a use moves a key to the front');
    assert.equal(again.recents[1]!.credentialId, ids.at(-1));
    await core.trash.moveToTrash(ids[5]!);
    assert.deepEqual(core.preferences.get().favourites, [], 'a trashed key is no favourite');
    await assert.rejects(core.preferences.setFavourite('no-such-id', true), (e: unknown) => {
      return e instanceof KeydeckError && e.code === 'CREDENTIAL_NOT_FOUND';
    });
  } finally {
    await core.cleanup();
  }
});

test('the global shortcut: normalised when valid, refused with a reason beside the field otherwise', async () => {
  const core = makeTestCore();
  try {
    assert.equal((await core.preferences.setGlobalShortcut(' ctrl+alt+k ')).globalShortcut, 'Ctrl+Alt+K');
    assert.equal((await core.preferences.setGlobalShortcut('')).globalShortcut, '', "'' turns it off");
    for (const bad of [
      'K',
      'Ctrl+Shift',
      'Ctrl+Nope',
      'Hyper+K',
      'Ctrl+Ctrl+K',
      'Ctrl+\u0007',
      'Ctrl+'.repeat(30) + 'K',
    ]) {
      await assert.rejects(core.preferences.setGlobalShortcut(bad), (e: unknown) => {
        assert.ok(e instanceof KeydeckError, String(e));
        assert.equal(e.code, 'INVALID_INPUT');
        assert.equal(e.field, 'globalShortcut');
        return true;
      });
    }
    assert.equal(core.preferences.get().globalShortcut, '', 'a refused value changes nothing');
  } finally {
    await core.cleanup();
  }
});

test('checkAccelerator accepts what Electron documents', () => {
  for (const [raw, want] of [
    ['CommandOrControl+Shift+Space', 'CommandOrControl+Shift+Space'],
    ['CmdOrCtrl+Shift+P', 'CmdOrCtrl+Shift+P'],
    ['Super+F12', 'Super+F12'],
    ['Alt+Plus', 'Alt+Plus'],
    ['control+/', 'Control+/'],
  ] as const) {
    const r = checkAccelerator(raw);
    assert.deepEqual(r, { ok: true, accelerator: want });
  }
});
