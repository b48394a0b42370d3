/**
 * Electron's clipboard as a `ClipboardPort`. The text and a secret hint are written in one atomic
 * `clipboard.write()`, using Electron's raw-format escape (`electron application/osclipboard;format=…`):
 * Linux `x-kde-passwordManagerHint: secret` (clipboard managers keep it out of their history), macOS
 * `org.nspasteboard.ConcealedType`, Windows `ExcludeClipboardContentFromMonitorProcessing` (kept out
 * of clipboard history and cloud sync).
 */
import { clipboard, ClipboardItem } from 'electron';
import type { ClipboardPort } from './clipboard-guard.js';

export function secretHint(platform: string = process.platform): { format: string; value: string } | undefined {
  if (platform === 'linux') return { format: 'x-kde-passwordManagerHint', value: 'secret' };
  if (platform === 'darwin') return { format: 'org.nspasteboard.ConcealedType', value: '' };
  if (platform === 'win32') return { format: 'ExcludeClipboardContentFromMonitorProcessing', value: '' };
  return undefined;
}

/** The clipboard item for a secret: the text plus the platform's hint, committed together. */
export function secretItems(text: string, platform: string = process.platform): Record<string, string> {
  const hint = secretHint(platform);
  const items: Record<string, string> = { 'text/plain': text };
  if (hint) items[`electron application/osclipboard;format="${hint.format}"`] = hint.value;
  return items;
}

export const electronClipboard: ClipboardPort = {
  async writeSecret(text) {
    try {
      await clipboard.write([new ClipboardItem(secretItems(text))]);
    } catch {
      // A platform that refuses the hint still gets the text; it is cleared on schedule all the same.
      await clipboard.writeText(text);
    }
  },
  readText: () => clipboard.readText(),
  clear: async () => clipboard.clear(),
};
