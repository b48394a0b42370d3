/**
 * Smoke test of the real Electron app through Playwright's `_electron`. Runs where an Electron binary is
 * installed; elsewhere it is skipped with the reason printed (this machine cannot download Electron).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { _electron as electron, expect, test } from '@playwright/test';

/** Finds the Electron binary without `require('electron')`, which would try to download a missing one. */
function electronBinary(): { path?: string; reason?: string } {
  let dir: string;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return { reason: `the Electron binary was never downloaded (no ${pathFile})` };
  const rel = fs.readFileSync(pathFile, 'utf8').trim();
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist');
  const bin = path.join(base, rel);
  return fs.existsSync(bin) ? { path: bin } : { reason: `no Electron binary at ${bin}` };
}

const found = electronBinary();
if (!found.path) console.log(`[electron-smoke] skipped: ${found.reason}`);

test('the packaged shell opens one hardened window with the named bridge', async () => {
  test.skip(!found.path, `Electron binary not available: ${found.reason}`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-smoke-'));
  const app = await electron.launch({
    executablePath: found.path,
    args: ['.'],
    env: { ...process.env, KEYDECK_HOME: home, KEYDECK_SERVICE: `keydeck-smoke-${randomUUID().slice(0, 8)}` },
  });
  try {
    const win = await app.firstWindow();
    await expect(win.getByTestId('keychain-status')).toBeVisible();
    const shape = await win.evaluate(() => ({
      node: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      api: Object.keys((window as unknown as { keydeck: Record<string, unknown> }).keydeck).sort(),
      invoke: 'invoke' in (window as unknown as { keydeck: Record<string, unknown> }).keydeck,
    }));
    expect(shape).toEqual({
      node: 'undefined',
      process: 'undefined',
      api: ['app', 'clipboard', 'credentials', 'settings', 'useLog', 'workspaces'],
      invoke: false,
    });
    // Node is out of the renderer: no require, no process; the sandboxed preload exposes named methods only.
    expect(await win.evaluate(() => window.open('https://example.com'))).toBeNull();
  } finally {
    await app.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
