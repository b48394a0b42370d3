/**
 * Handlers for `shared/ipc/quick.ts`: favourites, recents, the global shortcut and the trash. Mapping
 * only, over the core; the shortcut goes through the `ShortcutPort` main gives (none under the e2e bridge).
 */
import { KeydeckError } from '../../../shared/errors.js';
import { checkAccelerator } from '../../../shared/accelerator.js';
import type { PreferencesView, QuickChannel, ShortcutStatus } from '../../../shared/ipc/quick.js';
import type { FeatureDeps, FeatureHandlers } from '../ipc-types.js';

const NO_SHORTCUT_HERE = 'Global shortcuts work in the desktop app only.';

export function quickHandlers(deps: FeatureDeps): FeatureHandlers<QuickChannel> {
  const { core, shortcut } = deps;
  const status = (): ShortcutStatus =>
    shortcut?.status() ?? {
      accelerator: core.preferences.get().globalShortcut,
      registered: false,
      message: NO_SHORTCUT_HERE,
    };
  const view = (): PreferencesView => ({ ...core.preferences.get(), shortcut: status() });
  return {
    'prefs:get': async () => view(),
    'prefs:favourite': async ({ id, star }) => {
      const cred = core.credentials.get(id);
      await core.preferences.setFavourite(cred.id, star === 'add');
      return view();
    },
    'prefs:shortcut': async ({ accelerator }) => {
      const checked = checkAccelerator(accelerator);
      if (!checked.ok) throw new KeydeckError('INVALID_INPUT', checked.message, 'globalShortcut');
      if (shortcut) {
        const r = shortcut.apply(checked.accelerator);
        if (!r.registered && checked.accelerator) {
          throw new KeydeckError(
            'SHORTCUT_TAKEN',
            r.message ?? `${checked.accelerator} could not be registered. Pick another shortcut.`,
            'globalShortcut',
          );
        }
      }
      await core.preferences.setGlobalShortcut(checked.accelerator);
      return view();
    },
    'trash:list': async ({ workspace }) => core.trash.list({ workspace }),
    'trash:restore': async ({ id, workspace, newName }) => core.trash.restore(id, { workspace, newName }),
    'trash:empty': async ({ workspace }) => ({ emptied: await core.trash.empty({ workspace }) }),
  };
}
