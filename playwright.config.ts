// UI end-to-end in Debian's Chromium (Playwright cannot download browsers here). `scripts/test.mjs` runs
// this inside the throwaway keyring; `window.keydeck` comes from test/e2e/bridge.ts (the real handlers).
import { defineConfig } from '@playwright/test';

export const CHROMIUM = process.env.KEYDECK_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  // Two workers, each with its own browser and page; every test has its own catalog home and keychain
  // service (test/harness/core.ts), so tests never share state. The test bus takes the connections.
  workers: 2,
  fullyParallel: true,
  // Ceilings for a hung step, not speed targets: a passing test never waits for them, and on a loaded
  // machine (other jobs on the same 2 cores) honest steps take many times their idle time.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
