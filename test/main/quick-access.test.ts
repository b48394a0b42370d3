/**
 * The tray and the global shortcut at their seam (electron/main/quick-access.ts) with Electron's parts
 * replaced by stand-ins: a taken shortcut at start and on change, and the tray menu over a real core.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClipboardGuard, MemoryClipboard } from '../../electron/main/clipboard-guard.js';
import {
  attachTray,
  createShortcutPort,
  trayTemplate,
  type GlobalShortcutLike,
  type MenuItemTemplate,
} from '../../electron/main/quick-access.js';
import { makeTestCore } from '../harness/core.js';
import { waitFor } from '../harness/wait.js';

function fakeShortcuts(taken: string[] = []) {
  const held = new Map<string, () => void>();
  const gs: GlobalShortcutLike = {
    register: (a, cb) => {
      if (a === 'Bad+Thing') throw new Error('conversion failure');
      if (taken.includes(a) || held.has(a)) return false;
      held.set(a, cb);
      return true;
    },
    unregister: (a) => void held.delete(a),
  };
  return { gs, held };
}

test('a default shortcut taken at start is reported, not fatal; a free one then takes over', () => {
  const { gs, held } = fakeShortcuts(['CommandOrControl+Shift+Space']);
  let opened = 0;
  const port = createShortcutPort(gs, () => opened++, false);
  const first = port.apply('CommandOrControl+Shift+Space');
  assert.equal(first.registered, false);
  assert.match(first.message!, /^Ctrl\+Shift\+Space is already used by another application/);
  assert.deepEqual(port.status(), first, 'the settings screen shows why');
  assert.equal(port.apply('Bad+Thing').registered, false, 'Electron refusing to parse is a refusal too');
  const next = port.apply('Alt+Shift+K');
  assert.deepEqual(next, { accelerator: 'Alt+Shift+K', registered: true });
  held.get('Alt+Shift+K')!();
  assert.equal(opened, 1);
  const again = port.apply('CommandOrControl+Shift+Space');
  assert.match(again.message!, /Alt\+Shift\+K still works/);
  assert.deepEqual([...held.keys()], ['Alt+Shift+K']);
  assert.deepEqual(port.status(), { accelerator: 'Alt+Shift+K', registered: true });
  assert.deepEqual(port.apply(''), { accelerator: '', registered: false });
  assert.equal(held.size, 0, 'empty turns it off');
});

test('the tray: recent keys copy their header; clear clipboard; the menu follows the recents', async () => {
  const core = makeTestCore();
  try {
    const clip = new MemoryClipboard();
    const clipboard = new ClipboardGuard(clip);
    await core.credentials.create(
      { name: 'A & B', kind: 'byok', provider: 'groq' },
      'gsk_tray0000000000000000000000001',
    );
    await core.credentials.create({ name: 'Other', kind: 'byok', provider: 'xai' }, 'xai-tray-00000000001');
    let menus = 0;
    let template: MenuItemTemplate[] = [];
    const calls: string[] = [];
    const deps = {
      core,
      clipboard,
      showWindow: () => calls.push('show'),
      openPalette: () => calls.push('palette'),
      quit: () => calls.push('quit'),
      buildMenu: (t: MenuItemTemplate[]) => {
        menus++;
        template = t;
        return t;
      },
    };
    const tray = {
      menu: undefined as unknown,
      setToolTip() {},
      setContextMenu(m: unknown) {
        this.menu = m;
      },
      on() {},
      destroy() {},
    };
    const detach = attachTray(tray, deps);
    assert.ok(template.some((i) => i.label === 'No recent keys yet'));
    await core.preferences.markRecent(core.credentials.get('Other').id);
    await core.preferences.markRecent(core.credentials.get('A & B').id);
    assert.equal(menus, 3, 'rebuilt on each change');
    const labels = template.map((i) => i.label);
    assert.deepEqual(labels.slice(4, 6), ['A && B', 'Other'], 'newest first; & shown as typed');
    template.find((i) => i.label === 'A && B')!.click!();
    await waitFor(
      'the header on the clipboard',
      () => clip.text === 'Authorization: Bearer gsk_tray0000000000000000000000001',
    );
    template.find((i) => i.label === 'Clear clipboard')!.click!();
    await waitFor('a cleared clipboard', () => clip.text === '');
    template.find((i) => i.label === 'Open Keydeck')!.click!();
    template.find((i) => i.label === 'Quick access…')!.click!();
    assert.deepEqual(calls, ['show', 'palette']);
    // A deleted key leaves the tray.
    await core.trash.moveToTrash('Other');
    assert.ok(!trayTemplate(deps).some((i) => i.label === 'Other'));
    detach();
  } finally {
    await core.cleanup();
  }
});
