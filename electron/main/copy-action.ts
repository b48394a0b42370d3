/**
 * Copying a credential, one way for every front of main (the window's Copy menu, the palette, the
 * tray): keychain → formatted text → clipboard (cleared after the configured delay), and the key moves
 * to the front of the recents. The text never leaves main.
 */
import type { CopyFormat } from '../../shared/domain.js';
import type { CopyResult } from '../../shared/ipc-contract.js';
import type { Core } from '../core/index.js';
import type { ClipboardGuard } from './clipboard-guard.js';

export async function copyCredential(
  deps: { core: Core; clipboard: ClipboardGuard },
  id: string,
  format: CopyFormat,
  workspace?: string,
): Promise<CopyResult> {
  const { text, credential } = await deps.core.credentials.format(id, format, { workspace, action: `copy:${format}` });
  const seconds = deps.core.settings.get().clipboardClearSeconds;
  await deps.clipboard.copy(text, seconds);
  // Recents are a convenience: a catalog that cannot be written now must not fail the copy.
  await deps.core.preferences.markRecent(credential.id).catch(() => undefined);
  return { format, clearAfterSeconds: seconds };
}
