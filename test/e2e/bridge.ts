/**
 * The e2e bridge: where no Electron binary exists, the Playwright process plays main. It runs the REAL
 * IPC handlers (same contract, same validation via `dispatch`) over a real core and the throwaway real
 * keyring; the page reaches them through `page.exposeFunction`, and an init script builds the same
 * `window.keydeck` object as the preload (bundled from `electron/preload/api.ts`). Answers carry the
 * same `{ ok, value }` / `{ ok: false, error: { code, message, field? } }` envelope as in the app.
 * Pushed events take main's own path (`senderContext`: checked against the contract, sent to the
 * calling page only) and reach the page in order through `page.evaluate`. The clipboard is an
 * in-memory stand-in that tests read back.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Page } from '@playwright/test';
import { ClipboardGuard, MemoryClipboard } from '../../electron/main/clipboard-guard.js';
import { createHandlers, dispatch } from '../../electron/main/ipc-handlers.js';
import { senderContext } from '../../electron/main/ipc.js';
import { makeTestCore, type TestCore } from '../harness/core.js';
import type { Notice } from '../../shared/domain.js';
import type { CoreOptions } from '../../electron/core/index.js';
import type { Vault } from '../../electron/core/vault.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A tiny static server for the built renderer on 127.0.0.1. */
export async function serveRenderer(dir = RENDERER_DIR): Promise<{ url: string; close(): Promise<void> }> {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`No built renderer in ${dir}: run \`npm run build\` first.`);
  }
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(dir, rel === '/' ? 'index.html' : rel);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

let apiBundle: Promise<string> | undefined;

/** `electron/preload/api.ts` bundled for the page: the very `buildApi` the preload uses. */
export function preloadApiScript(): Promise<string> {
  apiBundle ??= build({
    stdin: {
      contents:
        "import { buildApi } from './electron/preload/api.ts';\n" +
        'const listeners = new Map();\n' +
        'window.__keydeckEmit = (channel, payload) => {\n' +
        '  for (const l of [...(listeners.get(channel) ?? [])]) l(payload);\n' +
        '};\n' +
        'window.keydeck = buildApi(\n' +
        '  (channel, payload) =>\n' +
        '    window.__keydeckInvoke(channel, payload).then((s) => (s === undefined ? undefined : JSON.parse(s))),\n' +
        '  (channel, listener) => {\n' +
        '    if (!listeners.has(channel)) listeners.set(channel, new Set());\n' +
        '    listeners.get(channel).add(listener);\n' +
        '    return () => listeners.get(channel).delete(listener);\n' +
        '  },\n' +
        // No Electron here: a dropped file's path comes from the test (`window.__keydeckFilePaths`).
        '  (file) => (window.__keydeckFilePaths ?? {})[file.name] ?? "",\n' +
        ');\n',
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    target: 'chrome120',
  }).then((r) => r.outputFiles[0]!.text);
  return apiBundle;
}

/**
 * scrypt's work factor for the bridge's passphrase backups: low, so an export or a wrong-passphrase try
 * costs milliseconds, not a second of a core. The default (18) is core's, asserted by its unit test.
 */
export const E2E_SCRYPT_WORK_FACTOR = 10;

export interface Bridge {
  core: TestCore;
  clipboard: MemoryClipboard;
  guard: ClipboardGuard;
  /** Every call the page made, in order (channel names only). */
  calls: string[];
  /** Every event pushed to the page, in order (channel names only). */
  pushed: string[];
  notices: Notice[];
  /** Unhooks this bridge from its page: later calls from the page fail, later events are dropped. */
  detach(): void;
}

type Invoke = (channel: unknown, payload: unknown) => Promise<unknown>;

/**
 * A page's side of the bridge: `__keydeckInvoke` exposed and the preload API installed, once per page
 * (Playwright cannot expose the same name twice). Calls go to whichever bridge is attached now, so a
 * page can outlive a test and serve the next one with a fresh core.
 */
export interface PageBinding {
  page: Page;
  target: Invoke | undefined;
}

const bindings = new WeakMap<Page, Promise<PageBinding>>();

/** Exposes the invoke function and installs the preload API on `page` (once; later calls reuse it). */
export function bindPage(page: Page): Promise<PageBinding> {
  let bound = bindings.get(page);
  if (!bound) {
    bound = (async () => {
      const binding: PageBinding = { page, target: undefined };
      // Results cross as JSON text: Playwright's own serializer takes tens of seconds for a list of
      // 10,000 credentials (Electron's structured clone takes milliseconds), which the tests would measure.
      await page.exposeFunction('__keydeckInvoke', async (channel: unknown, payload: unknown) => {
        if (!binding.target) throw new Error(`No bridge is attached to this page (call to ${String(channel)})`);
        const result = await binding.target(channel, payload);
        return result === undefined ? undefined : JSON.stringify(result);
      });
      await page.addInitScript({ content: await preloadApiScript() });
      return binding;
    })();
    bindings.set(page, bound);
  }
  return bound;
}

/** Wires a page to a fresh real core. Call before `page.goto`. */
export async function attachBridge(
  page: Page,
  opts: {
    wrap?: (v: Vault) => Vault;
    beforeOpen?: (core: TestCore) => Promise<void> | void;
    scryptWorkFactor?: number;
  } & Partial<CoreOptions> = {},
): Promise<Bridge> {
  const binding = await bindPage(page);
  const core = makeTestCore(opts);
  // Like the CLI harness: no save reaches a real provider from a test; validation tests turn it on.
  await core.settings.update({ validateOnSave: false });
  await opts.beforeOpen?.(core);
  const notices = await core.credentials.open();
  const clipboard = new MemoryClipboard();
  const guard = new ClipboardGuard(clipboard);
  const handlers = createHandlers({
    core,
    clipboard: guard,
    version: '0.0.0-e2e',
    startupNotices: () => notices.splice(0),
    scryptWorkFactor: opts.scryptWorkFactor ?? E2E_SCRYPT_WORK_FACTOR,
  });
  const calls: string[] = [];
  const pushed: string[] = [];
  let live = true;
  // Events reach the page one after another, in the order main sent them; a closed page drops them.
  let delivered: Promise<unknown> = Promise.resolve();
  const ctx = senderContext({
    id: 1,
    send: (channel, payload) => {
      if (!live) return;
      pushed.push(channel);
      delivered = delivered
        .then(() =>
          live
            ? page.evaluate(
                ([c, p]) =>
                  (window as unknown as { __keydeckEmit?: (c: string, p: unknown) => void }).__keydeckEmit?.(c, p),
                [channel, payload] as const,
              )
            : undefined,
        )
        .catch(() => undefined);
    },
    isDestroyed: () => !live || page.isClosed(),
  });
  const invoke: Invoke = (channel, payload) => {
    calls.push(String(channel));
    return dispatch(handlers, channel, payload, ctx);
  };
  binding.target = invoke;
  return {
    core,
    clipboard,
    guard,
    calls,
    pushed,
    notices,
    detach() {
      live = false;
      if (binding.target === invoke) binding.target = undefined;
    },
  };
}
