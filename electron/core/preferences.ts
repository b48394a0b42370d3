/**
 * Quick-access preferences kept in the catalog (so the app and the CLI share them): starred credentials,
 * the recently used ones (newest first, at most MAX_RECENTS), and the desktop app's global shortcut.
 * Every write goes through `catalog.mutate` like any other catalog write; the CLI may ignore them.
 */
import { KeydeckError } from '../../shared/errors.js';
import { checkAccelerator } from '../../shared/accelerator.js';
import { DEFAULT_PREFERENCES, MAX_RECENTS } from '../../shared/constants.js';
import type { CatalogData, Preferences } from '../../shared/domain.js';
import type { Catalog } from './catalog.js';

/** A catalog's preferences, with defaults for a catalog written before they existed. */
export function preferencesOf(data: CatalogData): Preferences {
  return data.preferences ?? DEFAULT_PREFERENCES;
}

export class PreferencesService {
  private readonly listeners = new Set<(p: Preferences) => void>();

  constructor(
    private readonly catalog: Catalog,
    private readonly now: () => number = Date.now,
  ) {}

  /** The preferences, with ids of credentials that no longer exist (deleted elsewhere) left out. */
  get(): Preferences {
    const data = this.catalog.read();
    const p = preferencesOf(data);
    const live = new Set(data.credentials.map((c) => c.id));
    return {
      favourites: p.favourites.filter((id) => live.has(id)),
      recents: p.recents.filter((r) => live.has(r.credentialId)),
      globalShortcut: p.globalShortcut,
    };
  }

  /** Called after every change this process makes (main rebuilds the tray's recent keys from it). */
  onChange(listener: (p: Preferences) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Stars or unstars a credential. */
  async setFavourite(credentialId: string, on: boolean): Promise<Preferences> {
    return this.change((p, data) => {
      if (on && !data.credentials.some((c) => c.id === credentialId)) {
        throw new KeydeckError('CREDENTIAL_NOT_FOUND', 'No credential with that id: it may have been deleted.');
      }
      const rest = p.favourites.filter((id) => id !== credentialId);
      return { ...p, favourites: on ? [...rest, credentialId] : rest };
    });
  }

  /** Records a use (a copy from the app, the palette or the tray): it moves to the front of the recents. */
  async markRecent(credentialId: string): Promise<Preferences> {
    const at = new Date(this.now()).toISOString();
    return this.change((p) => ({
      ...p,
      recents: [{ credentialId, at }, ...p.recents.filter((r) => r.credentialId !== credentialId)].slice(
        0,
        MAX_RECENTS,
      ),
    }));
  }

  /** Sets the global shortcut ('' turns it off). A malformed accelerator is refused here, before main sees it. */
  async setGlobalShortcut(accelerator: string): Promise<Preferences> {
    const checked = checkAccelerator(accelerator);
    if (!checked.ok) throw new KeydeckError('INVALID_INPUT', checked.message, 'globalShortcut');
    return this.change((p) => ({ ...p, globalShortcut: checked.accelerator }));
  }

  private async change(fn: (p: Preferences, data: CatalogData) => Preferences): Promise<Preferences> {
    await this.catalog.mutate((data) => {
      data.preferences = fn(preferencesOf(data), data);
    });
    const next = this.get();
    for (const l of this.listeners) l(next);
    return next;
  }
}
