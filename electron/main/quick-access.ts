/**
 * Quick access from outside the window (issue 11 §2): the tray menu (recent keys → copy header; clear
 * the clipboard; open) and the configurable global shortcut that shows the window with the palette open.
 * Typed structurally, never importing 'electron', so tests drive both with stand-ins; `index.ts` hands in
 * Electron's Tray, Menu and globalShortcut. See https://www.electronjs.org/docs/latest/api/tray and
 * https://www.electronjs.org/docs/latest/api/global-shortcut (register returns false when the
 * accelerator is already taken by another application).
 */
import { describeAccelerator } from '../../shared/accelerator.js';
import type { Credential } from '../../shared/domain.js';
import type { ShortcutStatus } from '../../shared/ipc/quick.js';
import type { Core } from '../core/index.js';
import type { ClipboardGuard } from './clipboard-guard.js';
import { copyCredential } from './copy-action.js';
import type { ShortcutPort } from './ipc-types.js';

/** A 16×16 key, as a PNG data URL: the tray's icon (nothing read from disk at start). */
export const TRAY_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAPElEQVR42mNgGAUYwKHgw38YJlsjOibLZpIMwKUYn6tQ1OOziSQDyHYBKWGArobkWMBpALHpgKABQw8AACgAxJYTEjY7AAAAAElFTkSuQmCC';
/** How many recent keys the tray lists. */
export const TRAY_RECENTS = 8;

export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface MenuItemTemplate {
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  click?: () => void;
}

export interface TrayLike {
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): void;
  destroy(): void;
}

/**
 * The global shortcut, one at a time. A new accelerator is registered before the old one is let go, so
 * a refused one (taken elsewhere) leaves the working shortcut in place and says why.
 */
export function createShortcutPort(gs: GlobalShortcutLike, onTrigger: () => void, isMac: boolean): ShortcutPort {
  let current = '';
  let state: ShortcutStatus = { accelerator: '', registered: false };
  const name = (a: string) => describeAccelerator(a, isMac);
  return {
    status: () => state,
    apply(accelerator) {
      if (accelerator === current && state.registered) return state;
      if (!accelerator) {
        if (current) gs.unregister(current);
        current = '';
        state = { accelerator: '', registered: false };
        return state;
      }
      let ok: boolean;
      try {
        ok = gs.register(accelerator, onTrigger);
      } catch {
        ok = false; // Electron throws on an accelerator it cannot parse
      }
      if (!ok) {
        const message =
          `${name(accelerator)} is already used by another application or the system. Pick another shortcut` +
          (current ? `; ${name(current)} still works.` : '.');
        // Nothing held yet (a taken default at start): the status says so, beside the setting.
        if (!state.registered) state = { accelerator, registered: false, message };
        return { accelerator, registered: false, message };
      }
      if (current) gs.unregister(current);
      current = accelerator;
      state = { accelerator, registered: true };
      return state;
    },
  };
}

export interface TrayDeps {
  core: Core;
  clipboard: ClipboardGuard;
  showWindow(): void;
  openPalette(): void;
  quit(): void;
  /** Builds the platform menu from a template (Electron's Menu.buildFromTemplate). */
  buildMenu(template: MenuItemTemplate[]): unknown;
}

const short = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

/** The recent keys that still exist, newest first, from every workspace. */
export function recentKeys(core: Core, limit = TRAY_RECENTS): Credential[] {
  const byId = new Map(core.credentials.list({ allWorkspaces: true }).map((c) => [c.id, c]));
  return core.preferences
    .get()
    .recents.map((r) => byId.get(r.credentialId))
    .filter((c): c is Credential => !!c)
    .slice(0, limit);
}

/** The tray's menu, as a template (tests read it; `attachTray` builds it). */
export function trayTemplate(deps: TrayDeps): MenuItemTemplate[] {
  const recents = recentKeys(deps.core);
  return [
    { label: 'Open Keydeck', click: deps.showWindow },
    { label: 'Quick access…', click: deps.openPalette },
    { type: 'separator' },
    { label: 'Copy header of a recent key', enabled: false },
    ...(recents.length
      ? recents.map((c) => ({
          // Menus treat & as a mnemonic marker on some platforms: double it so names show as typed.
          label: short(c.name).replace(/&/g, '&&'),
          click: () => void copyCredential(deps, c.id, 'header', c.workspaceId).catch(() => undefined),
        }))
      : [{ label: 'No recent keys yet', enabled: false }]),
    { type: 'separator' },
    { label: 'Clear clipboard', click: () => void deps.clipboard.clearIfOurs() },
    { label: 'Quit Keydeck', click: deps.quit },
  ];
}

/** Puts the menu on the tray and rebuilds it whenever the recents change. Returns a detach function. */
export function attachTray(tray: TrayLike, deps: TrayDeps): () => void {
  const refresh = () => tray.setContextMenu(deps.buildMenu(trayTemplate(deps)));
  tray.setToolTip('Keydeck');
  tray.on('click', deps.showWindow);
  refresh();
  const off = deps.core.preferences.onChange(refresh);
  return () => {
    off();
    tray.destroy();
  };
}
