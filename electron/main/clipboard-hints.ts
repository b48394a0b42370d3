/**
 * How each platform marks clipboard content as a secret, so clipboard managers and history skip it:
 * Linux `x-kde-passwordManagerHint: secret` (Klipper, CopyQ, KDE Connect…), macOS
 * `org.nspasteboard.ConcealedType`, Windows `ExcludeClipboardContentFromMonitorProcessing` (kept out of
 * clipboard history and cloud sync). Raw formats go through Electron's `electron application/osclipboard`.
 */
export function secretHint(platform: string = process.platform): { format: string; value: string } | undefined {
  if (platform === 'linux') return { format: 'x-kde-passwordManagerHint', value: 'secret' };
  if (platform === 'darwin') return { format: 'org.nspasteboard.ConcealedType', value: '' };
  if (platform === 'win32') return { format: 'ExcludeClipboardContentFromMonitorProcessing', value: '' };
  return undefined;
}

/** The clipboard item for a secret: the text plus the platform's hint, written in one atomic write. */
export function secretItems(text: string, platform: string = process.platform): Record<string, string> {
  const hint = secretHint(platform);
  const items: Record<string, string> = { 'text/plain': text };
  if (hint) items[`electron application/osclipboard;format="${hint.format}"`] = hint.value;
  return items;
}
