/**
 * The quick-access palette in headless Chromium with 10,000 credentials (issue 11 §2): Ctrl+K to the
 * first results painted, and one fuzzy keystroke to its results painted. The page runs against the real
 * IPC handlers over a real core (the e2e bridge), with metadata-only seeding (bench/browser.ts).
 * Baseline in the same run: the same measurements with 10 credentials. Bundle size: renderer.bench.ts.
 */
import type { Page } from 'playwright-core';
import { withRendererBrowser, withSeededPage } from './browser.js';
import { fmtMs, line, pct } from './util.js';

/** In the page: runs `act`, then yields (MessageChannel, not timers) until the palette painted results. */
async function timed(page: Page, what: 'open' | 'type', query: string): Promise<number> {
  return page.evaluate(
    async ([w, q]) => {
      // No named functions in here: tsx would wrap them in a helper the page does not have.
      const ch = new MessageChannel();
      const t0 = performance.now();
      if (w === 'open') {
        window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true }));
      } else {
        const input = document.querySelector('[data-testid=palette-input]') as HTMLInputElement;
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        setter.call(input, q);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      for (let i = 0; i < 10_000; i++) {
        const done = performance.getEntriesByName('keydeck:palette-results').some((e) => e.startTime >= t0);
        if (done) break;
        await new Promise<void>((r) => {
          ch.port1.onmessage = () => r();
          ch.port2.postMessage(0);
        });
      }
      document.body.getBoundingClientRect(); // style + layout of the new rows
      const ms = performance.now() - t0;
      if (!document.querySelector('[data-testid=palette-row], [data-testid=palette-empty]')) {
        throw new Error('the palette painted nothing');
      }
      return ms;
    },
    [what, query] as const,
  );
}

async function measure(page: Page, url: string) {
  await page.goto(url);
  await page.locator('.row').first().waitFor();
  const opens: number[] = [];
  const keys: number[] = [];
  const queries = ['s', 'se', 'ser', 'serv prod', 'oai', '#prod team', 'prod 12', 'ik-', 'zz-none', 'service'];
  for (let round = 0; round < 5; round++) {
    opens.push(await timed(page, 'open', ''));
    for (const q of queries) keys.push(await timed(page, 'type', q));
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=palette]').waitFor({ state: 'detached' });
  }
  return { open: pct(opens, 50), key: pct(keys, 50), keyP95: pct(keys, 95) };
}

export default {
  title: 'Palette: open to first results and one fuzzy keystroke (headless Chromium)',
  async run() {
    await withRendererBrowser(async (browser, url) => {
      const small = await withSeededPage(browser, 10, (page) => measure(page, url));
      const big = await withSeededPage(browser, 10_000, (page) => measure(page, url));
      line('palette open → first results, 10 credentials (baseline, median)', fmtMs(small.open));
      line('palette open → first results, 10,000 credentials (median)', fmtMs(big.open), '≤ 50 ms');
      line('  ratio to baseline', `${(big.open / small.open).toFixed(2)}×`);
      line('palette keystroke, 10 credentials (baseline, median)', fmtMs(small.key));
      line('palette keystroke, 10,000 credentials (median)', fmtMs(big.key), '≤ 16 ms');
      line('palette keystroke, 10,000 credentials (p95)', fmtMs(big.keyP95));
      line('  ratio to baseline', `${(big.key / small.key).toFixed(2)}×`);
    });
  },
};
