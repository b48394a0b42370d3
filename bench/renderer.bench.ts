/**
 * Renderer speed: JS size (gzip), and in headless Chromium with 10,000 credentials the first render of
 * the list and one search keystroke. The page runs against the real IPC handlers over a real core (the
 * e2e bridge); the catalog is seeded with metadata only, since listing never touches the keychain.
 * Baseline in the same run: the same measurements with 10 credentials.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { RENDERER_DIR } from '../test/e2e/bridge.js';
import { withRendererBrowser, withSeededPage } from './browser.js';
import { fmtMs, line, pct } from './util.js';

async function firstRender(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.locator('.row').first().waitFor();
  return page.evaluate(() => {
    const data = performance.getEntriesByName('keydeck:list-data')[0]!.startTime;
    const painted = performance.getEntriesByName('keydeck:list-painted').find((e) => e.startTime >= data)!;
    return painted.startTime - data;
  });
}

async function keystrokes(page: Page, queries: string[]): Promise<number[]> {
  return page.evaluate(async (qs) => {
    const input = document.getElementById('search') as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const out: number[] = [];
    for (const q of qs) {
      const t0 = performance.now();
      setter.call(input, q);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await Promise.resolve();
      await new Promise<void>((r) => queueMicrotask(r));
      document.body.getBoundingClientRect(); // style + layout of the new rows
      out.push(performance.now() - t0);
      // The measured window must include React's commit: a query that matches nothing shows at once.
      if (q === 'zz-none' && !document.querySelector('[data-testid=no-results]')) {
        throw new Error('React had not committed when the keystroke was timed');
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    return out;
  }, queries);
}

async function measure(page: Page, url: string) {
  const renders: number[] = [];
  for (let i = 0; i < 5; i++) renders.push(await firstRender(page, url));
  const queries = [
    's',
    'se',
    'ser',
    'serv',
    'servi',
    'service 1',
    'service 12',
    'prod',
    'team-3',
    'ik-',
    'zz-none',
    '',
  ];
  const keys: number[] = [];
  for (let i = 0; i < 3; i++) keys.push(...(await keystrokes(page, queries)));
  return { render: pct(renders, 50), key: pct(keys, 50), keyP95: pct(keys, 95) };
}

export default {
  title: 'Renderer: bundle size, first list render and search keystroke (headless Chromium)',
  async run() {
    await withRendererBrowser(async (browser, url) => {
      // The build withRendererBrowser just made.
      const assets = path.join(RENDERER_DIR, 'assets');
      let raw = 0;
      let gz = 0;
      for (const f of fs.readdirSync(assets).filter((f) => f.endsWith('.js'))) {
        const buf = fs.readFileSync(path.join(assets, f));
        raw += buf.length;
        gz += zlib.gzipSync(buf, { level: 9 }).length;
      }
      line('renderer JS (raw)', `${(raw / 1024).toFixed(1)} KB`);
      line('renderer JS (gzip -9)', `${(gz / 1024).toFixed(1)} KB`, '≤ 150 KB');

      const small = await withSeededPage(browser, 10, (page) => measure(page, url));
      const big = await withSeededPage(browser, 10_000, (page) => measure(page, url));
      line('first list render, 10 credentials (baseline, median of 5)', fmtMs(small.render));
      line('first list render, 10,000 credentials (median of 5)', fmtMs(big.render), '≤ 100 ms');
      line('  ratio to baseline', `${(big.render / small.render).toFixed(2)}×`);
      line('search keystroke, 10 credentials (baseline, median)', fmtMs(small.key));
      line('search keystroke, 10,000 credentials (median)', fmtMs(big.key), '≤ 16 ms');
      line('search keystroke, 10,000 credentials (p95)', fmtMs(big.keyP95));
      line('  ratio to baseline', `${(big.key / small.key).toFixed(2)}×`);
    });
  },
};
