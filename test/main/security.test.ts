/**
 * Window hardening without Electron: the options object, the window-open / navigation / webview
 * guards and the permission handlers, driven through plain objects standing in at the Electron seam.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  CONTENT_SECURITY_POLICY,
  denyPermissions,
  guardContents,
  isAppUrl,
  safeExternalUrl,
  windowOptions,
  type GuardedContents,
  type NavigationEvent,
} from '../../electron/main/security.js';

test('window options: isolated, sandboxed, no Node, web security on', () => {
  const o = windowOptions('/app/dist/preload/index.cjs');
  assert.equal(o.webPreferences.contextIsolation, true);
  assert.equal(o.webPreferences.sandbox, true);
  assert.equal(o.webPreferences.nodeIntegration, false);
  assert.equal(o.webPreferences.nodeIntegrationInWorker, false);
  assert.equal(o.webPreferences.nodeIntegrationInSubFrames, false);
  assert.equal(o.webPreferences.webSecurity, true);
  assert.equal(o.webPreferences.allowRunningInsecureContent, false);
  assert.equal(o.webPreferences.webviewTag, false);
  assert.equal(o.webPreferences.preload, '/app/dist/preload/index.cjs');
});

test('the CSP is strict, and the renderer page carries the same policy', () => {
  for (const d of [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ]) {
    assert.ok(CONTENT_SECURITY_POLICY.includes(d), d);
  }
  assert.ok(!CONTENT_SECURITY_POLICY.includes('unsafe'));
  const html = fs.readFileSync('renderer/index.html', 'utf8');
  assert.match(
    html,
    /default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'/,
  );
});

test('external links: only parsed https URLs without credentials', () => {
  assert.equal(safeExternalUrl('https://platform.openai.com/api-keys'), 'https://platform.openai.com/api-keys');
  for (const bad of [
    'http://example.com',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'https://user:pw@example.com/',
    'smb://host/share',
    'not a url',
    '',
    42,
    null,
    'https://' + 'a'.repeat(3000) + '.com',
  ]) {
    assert.equal(safeExternalUrl(bad), undefined, String(bad).slice(0, 40));
  }
});

function stubContents() {
  const listeners = new Map<string, (e: NavigationEvent, url: string) => void>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  const contents: GuardedContents = {
    setWindowOpenHandler: (h) => {
      openHandler = h;
    },
    on: (event: string, l: (e: NavigationEvent, url: string) => void) => {
      listeners.set(event, l);
      return contents;
    },
  } as GuardedContents;
  const opened: string[] = [];
  const fire = (event: string, url = '') => {
    let prevented = false;
    listeners.get(event)!({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents, opened, fire, open: (url: string) => openHandler!({ url }) };
}

test('window.open is always denied; https targets go to the OS browser instead', () => {
  const s = stubContents();
  guardContents(s.contents, 'file:///opt/keydeck/dist/renderer/', (u) => s.opened.push(u));
  assert.deepEqual(s.open('https://docs.inworld.ai/'), { action: 'deny' });
  assert.deepEqual(s.open('http://evil.example/'), { action: 'deny' });
  assert.deepEqual(s.open('file:///etc/passwd'), { action: 'deny' });
  assert.deepEqual(s.open('javascript:alert(1)'), { action: 'deny' });
  assert.deepEqual(s.opened, ['https://docs.inworld.ai/']);
});

test('navigation away from the app is prevented; in-app navigation is allowed', () => {
  const s = stubContents();
  const app = 'file:///opt/keydeck/dist/renderer/';
  guardContents(s.contents, app, (u) => s.opened.push(u));
  assert.equal(s.fire('will-navigate', 'file:///opt/keydeck/dist/renderer/index.html'), false);
  assert.equal(s.fire('will-navigate', 'file:///etc/passwd'), true);
  assert.equal(s.fire('will-navigate', 'file:///opt/keydeck/dist/renderer-evil/index.html'), true);
  assert.equal(s.fire('will-navigate', 'https://evil.example/'), true);
  assert.equal(s.fire('will-redirect', 'http://127.0.0.1:9/'), true);
  assert.equal(s.fire('will-attach-webview'), true);
  assert.deepEqual(s.opened, ['https://evil.example/']);

  const dev = stubContents();
  guardContents(dev.contents, 'http://127.0.0.1:5173/', () => undefined);
  assert.equal(dev.fire('will-navigate', 'http://127.0.0.1:5173/#/settings'), false);
  assert.equal(dev.fire('will-navigate', 'http://127.0.0.1:5174/'), true);
  assert.equal(dev.fire('will-navigate', 'http://localhost:5173/'), true);
});

test('isAppUrl: same folder for file URLs, same origin for the dev server', () => {
  assert.equal(isAppUrl('file:///a/dist/renderer/index.html', 'file:///a/dist/renderer/'), true);
  assert.equal(isAppUrl('file:///a/dist/other.html', 'file:///a/dist/renderer/'), false);
  assert.equal(isAppUrl('nonsense', 'file:///a/'), false);
});

test('every permission request and check is denied', () => {
  let request: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
  let check: ((wc: unknown, p: string) => boolean) | null = null;
  denyPermissions({
    setPermissionRequestHandler: (h) => {
      request = h;
    },
    setPermissionCheckHandler: (h) => {
      check = h;
    },
  });
  for (const p of [
    'media',
    'notifications',
    'clipboard-read',
    'clipboard-sanitized-write',
    'geolocation',
    'openExternal',
  ]) {
    let granted: boolean | undefined;
    request!(null, p, (g) => (granted = g));
    assert.equal(granted, false, p);
    assert.equal(check!(null, p), false, p);
  }
});
