/**
 * Electron accelerators ("CommandOrControl+Shift+Space") as the global-shortcut setting takes them: the
 * one rule, used by core (which refuses a malformed one) and the settings field (which says why beside it).
 * Grammar from https://www.electronjs.org/docs/latest/api/accelerator: zero or more modifiers, then one
 * key code, joined by `+`. Pure: no DOM, no Electron.
 */

const MODIFIERS = new Map(
  [
    'Command',
    'Cmd',
    'Control',
    'Ctrl',
    'CommandOrControl',
    'CmdOrCtrl',
    'Alt',
    'Option',
    'AltGr',
    'Shift',
    'Super',
    'Meta',
  ].map((m) => [m.toLowerCase(), m]),
);

const NAMED_KEYS = [
  'Plus',
  'Space',
  'Tab',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Enter',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'Esc',
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
  'PrintScreen',
  ...Array.from({ length: 24 }, (_, i) => `F${i + 1}`),
  ...Array.from({ length: 10 }, (_, i) => `num${i}`),
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
];
const KEYS = new Map(NAMED_KEYS.map((k) => [k.toLowerCase(), k]));
/** One printable character: letters, digits and the punctuation keys Electron names by themselves. */
const SINGLE = /^[A-Za-z0-9)!@#$%^&*(:;<>=_,\-.?/~`{}[\]|\\'"]$/;

export type AcceleratorCheck = { ok: true; accelerator: string } | { ok: false; message: string };

/**
 * Checks and normalises an accelerator ('' means no shortcut). A global shortcut needs a modifier, or it
 * would swallow a plain key in every other application.
 */
export function checkAccelerator(raw: string): AcceleratorCheck {
  const text = raw.trim();
  if (!text) return { ok: true, accelerator: '' };
  if (text.length > 100) return { ok: false, message: 'A shortcut is at most 100 characters.' };
  if (/[\u0000-\u001f\u007f]/.test(text)) return { ok: false, message: 'A shortcut cannot hold control characters.' };
  const parts = text.split('+').map((p) => p.trim());
  const key = parts.pop() ?? '';
  const mods: string[] = [];
  for (const p of parts) {
    const m = MODIFIERS.get(p.toLowerCase());
    if (!m)
      return {
        ok: false,
        message: `“${p.slice(0, 30)}” is not a modifier (use Ctrl, Alt, Shift, Super or CommandOrControl).`,
      };
    if (mods.includes(m)) return { ok: false, message: `${m} appears twice.` };
    mods.push(m);
  }
  if (!key) return { ok: false, message: 'The shortcut needs a key after the last +.' };
  if (MODIFIERS.has(key.toLowerCase()))
    return { ok: false, message: 'The shortcut needs a key besides the modifiers.' };
  const named = KEYS.get(key.toLowerCase());
  const single = SINGLE.test(key) ? key.toUpperCase() : undefined;
  if (!named && !single) return { ok: false, message: `“${key.slice(0, 30)}” is not a key Electron knows.` };
  if (!mods.length) return { ok: false, message: 'A global shortcut needs at least one modifier (Ctrl, Alt, Shift…).' };
  return { ok: true, accelerator: [...mods, named ?? single].join('+') };
}

/** How an accelerator reads on this platform ("Ctrl+Shift+Space", "⌘⇧Space" is left to the OS menus). */
export function describeAccelerator(accelerator: string, isMac: boolean): string {
  return accelerator
    .split('+')
    .map((p) => (/^(CommandOrControl|CmdOrCtrl)$/.test(p) ? (isMac ? 'Cmd' : 'Ctrl') : p))
    .join('+');
}
