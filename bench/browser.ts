/**
 * What the browser benches share: a fresh renderer build served locally with headless Debian Chromium,
 * and a page over the real IPC handlers whose catalog is seeded with `count` metadata-only credentials
 * (listing and the palette never touch the keychain).
 */
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fakeCredential } from '../test/harness/fake-credential.js';
import { attachBridge, serveRenderer } from '../test/e2e/bridge.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.js';

/** Builds the renderer, serves it and runs `body` with a headless Chromium; closes both afterwards. */
export async function withRendererBrowser<T>(body: (browser: Browser, url: string) => Promise<T>): Promise<T> {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  const server = await serveRenderer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    return await body(browser, server.url);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** A new 1280×800 page over a bridge whose catalog holds `count` credentials; `body` measures on it. */
export async function withSeededPage<T>(browser: Browser, count: number, body: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const bridge = await attachBridge(page, {
    beforeOpen: async (core) => {
      await core.catalog.mutate((data) => {
        const ws = data.activeWorkspaceId;
        for (let i = 0; i < count; i++) data.credentials.push(fakeCredential(i, ws));
      });
    },
  });
  try {
    return await body(page);
  } finally {
    await bridge.core.cleanup();
  }
}
