/** The clipboard policy: clear after the delay and on quit, but only if it still holds our copy. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClipboardGuard, MemoryClipboard, type Timers } from '../../electron/main/clipboard-guard.js';

function manualTimers() {
  const pending: { fn: () => void; ms: number; id: number }[] = [];
  let next = 1;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = next++;
      pending.push({ fn, ms, id });
      return id;
    },
    clearTimeout: (h) => {
      const i = pending.findIndex((p) => p.id === h);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return { timers, pending };
}

const settle = () => new Promise((r) => setImmediate(r));

test('a copy is marked secret and cleared after the configured delay', async () => {
  const clip = new MemoryClipboard();
  const t = manualTimers();
  const guard = new ClipboardGuard(clip, t.timers);
  await guard.copy('Authorization: Bearer sk-1', 30);
  assert.equal(clip.text, 'Authorization: Bearer sk-1');
  assert.equal(clip.secret, true);
  assert.equal(t.pending.length, 1);
  assert.equal(t.pending[0]!.ms, 30_000);
  t.pending[0]!.fn();
  await settle();
  assert.equal(clip.text, '');
  assert.equal(guard.pending, false);
});

test('what the user copied meanwhile is left alone', async () => {
  const clip = new MemoryClipboard();
  const t = manualTimers();
  const guard = new ClipboardGuard(clip, t.timers);
  await guard.copy('secret-1', 5);
  clip.writeOther('my own notes');
  t.pending[0]!.fn();
  await settle();
  assert.equal(clip.text, 'my own notes');
});

test('a new copy replaces the timer; quitting clears only our copy', async () => {
  const clip = new MemoryClipboard();
  const t = manualTimers();
  const guard = new ClipboardGuard(clip, t.timers);
  await guard.copy('one', 30);
  await guard.copy('two', 45);
  assert.equal(t.pending.length, 1);
  assert.equal(t.pending[0]!.ms, 45_000);
  assert.equal(await guard.clearIfOurs(), true);
  assert.equal(clip.text, '');
  assert.equal(t.pending.length, 0);
  assert.equal(await guard.clearIfOurs(), false, 'nothing pending any more');

  await guard.copy('three', 30);
  clip.writeOther('theirs');
  assert.equal(await guard.clearIfOurs(), false);
  assert.equal(clip.text, 'theirs');
});

test('secret hints per platform travel in the same clipboard item as the text', async () => {
  const { secretItems } = await import('../../electron/main/clipboard-hints.js');
  assert.deepEqual(secretItems('v', 'linux'), {
    'text/plain': 'v',
    'electron application/osclipboard;format="x-kde-passwordManagerHint"': 'secret',
  });
  assert.ok('electron application/osclipboard;format="org.nspasteboard.ConcealedType"' in secretItems('v', 'darwin'));
  assert.ok(
    'electron application/osclipboard;format="ExcludeClipboardContentFromMonitorProcessing"' in
      secretItems('v', 'win32'),
  );
  assert.deepEqual(secretItems('v', 'aix'), { 'text/plain': 'v' });
});
