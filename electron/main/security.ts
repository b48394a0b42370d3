/**
 * Window hardening, as Electron's security checklist asks
 * (https://www.electronjs.org/docs/latest/tutorial/security): an isolated, sandboxed renderer without
 * Node; no new windows; no navigation away from the app; no permissions; external links only as
 * parsed `https:` URLs opened by the OS. Typed structurally so tests need no Electron.
 */

/** The renderer's CSP, also sent as a response header for every app page. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `packaged`: a packaged build (app.isPackaged) has no DevTools at all. */
export function windowOptions(preloadPath: string, dark = false, packaged = false) {
  return {
    width: 1180,
    height: 760,
    minWidth: 820,
    minHeight: 520,
    show: false,
    title: 'Keydeck',
    // The theme's background, so the window never flashes white before the renderer paints.
    backgroundColor: dark ? '#141417' : '#f7f7f8',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !packaged,
    },
  } as const;
}

/** Parses a link and returns it only if it is a plain https URL. */
export function safeExternalUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || !url.hostname) return undefined;
  return url.toString();
}

/** Whether a navigation target stays inside the app (same file folder, or the dev server's origin). */
export function isAppUrl(target: string, appUrl: string): boolean {
  try {
    const t = new URL(target);
    const a = new URL(appUrl);
    if (t.protocol !== a.protocol) return false;
    if (t.protocol === 'file:') return t.pathname.startsWith(a.pathname);
    return t.origin === a.origin;
  } catch {
    return false;
  }
}

export interface NavigationEvent {
  preventDefault(): void;
}
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (e: NavigationEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (e: NavigationEvent) => void): unknown;
}
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((wc: unknown, permission: string) => boolean) | null): void;
}

/** Denies every new window (https links go to the OS browser instead) and every navigation away. */
export function guardContents(contents: GuardedContents, appUrl: string, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url);
    if (safe) openExternal(safe);
    return { action: 'deny' };
  });
  const stay = (e: NavigationEvent, url: string) => {
    if (!isAppUrl(url, appUrl)) {
      e.preventDefault();
      const safe = safeExternalUrl(url);
      if (safe) openExternal(safe);
    }
  };
  contents.on('will-navigate', stay);
  contents.on('will-redirect', stay);
  contents.on('will-attach-webview', (e) => e.preventDefault());
}

/** Keydeck needs no permission at all: camera, notifications, clipboard-read… all denied. */
export function denyPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
