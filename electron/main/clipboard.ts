/**
 * Electron's clipboard as a `ClipboardPort`: the text and the platform's secret hint are committed in
 * one atomic `clipboard.write()` (see `clipboard-hints.ts`).
 */
import { clipboard, ClipboardItem } from 'electron';
import type { ClipboardPort } from './clipboard-guard.js';
import { secretItems } from './clipboard-hints.js';

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
