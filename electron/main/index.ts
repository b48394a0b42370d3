/**
 * Electron main: one hardened window, the IPC handlers over the core, and the clipboard guard.
 * All logic lives in `electron/core`; this file only wires it to Electron.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  globalShortcut,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  session,
  shell,
  Tray,
} from 'electron';
import type { Notice } from '../../shared/domain.js';
import { createCore, keydeckHome, reconcileNotices } from '../core/index.js';
import { ClipboardGuard } from './clipboard-guard.js';
import { electronClipboard } from './clipboard.js';
import { createHandlers } from './ipc-handlers.js';
import { stopAllSandboxes } from './handlers/jwt.js';
import { registerIpc, senderContext } from './ipc.js';
import { attachTray, createShortcutPort, TRAY_ICON, type MenuItemTemplate } from './quick-access.js';
import { buildMenu } from './menu.js';
import { CONTENT_SECURITY_POLICY, denyPermissions, guardContents, windowOptions } from './security.js';

const devUrl = !app.isPackaged ? process.env.KEYDECK_DEV_URL : undefined;
// Paths from the app root (the asar when packaged, the repo with `electron .`), not from this file.
const dist = path.join(app.getAppPath(), 'dist');
const rendererIndex = path.join(dist, 'renderer', 'index.html');
const appUrl = devUrl
  ? new URL('/', devUrl).toString()
  : pathToFileURL(path.dirname(rendererIndex) + path.sep).toString();

let mainWindow: BrowserWindow | undefined;
let startupNotices: Notice[] = [];
let detachTray: (() => void) | undefined;

function showWindow(): BrowserWindow {
  if (!mainWindow) mainWindow = createWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
  return mainWindow;
}

/** Shows the window with the palette open (the global shortcut, the tray's "Quick access…"). */
function openPalette(source: 'shortcut' | 'tray'): void {
  const win = showWindow();
  const send = () => senderContext(win.webContents).emit('palette:open', { source });
  if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
  else send();
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(
    windowOptions(path.join(dist, 'preload', 'index.cjs'), nativeTheme.shouldUseDarkColors, app.isPackaged),
  );
  guardContents(win.webContents, appUrl, (url) => void shell.openExternal(url));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = undefined;
  });
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(rendererIndex);
  return win;
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_e, contents) => {
    // Belt and braces: any contents (devtools excluded) gets the same guards.
    if (contents.getType() === 'window') guardContents(contents, appUrl, (url) => void shell.openExternal(url));
    // A packaged build never shows DevTools, whatever opened them.
    if (app.isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
  });

  await app.whenReady();
  // The catalog is core's own file (the same catalog.json and JSON that electron-store kept), written
  // atomically by core in the app as in the CLI.
  const core = createCore({ home: keydeckHome() });
  try {
    startupNotices = await core.credentials.open();
  } catch (err) {
    startupNotices = [{ code: 'OPEN_FAILED', message: err instanceof Error ? err.message.slice(0, 300) : 'unknown' }];
  }
  // Reconcile keychain and catalog once per start, off the first render's path: adopt Keydeck entries
  // that lost their metadata, flag metadata whose secret is gone. It reads every secret, so never per list.
  void core.credentials.reconcile({ adopt: true }).then(
    (r) => startupNotices.push(...reconcileNotices(r)),
    () => undefined,
  );

  denyPermissions(session.defaultSession);
  // The CSP as a header too (the page's meta carries the same). In development the dev server's page
  // relaxes style-src for Vite's injected styles, so only the meta applies there.
  if (!devUrl) {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      });
    });
  }

  // Keys deleted more than 30 days ago leave the trash (and their keychain entries) now.
  void core.trash.purgeExpired();

  const clipboard = new ClipboardGuard(electronClipboard);
  // The global shortcut: the user's (or the default); a taken one is reported in Settings, not fatal.
  const shortcut = createShortcutPort(globalShortcut, () => openPalette('shortcut'), process.platform === 'darwin');
  shortcut.apply(core.preferences.get().globalShortcut);
  registerIpc(
    ipcMain,
    createHandlers({
      core,
      clipboard,
      shortcut,
      version: app.getVersion(),
      startupNotices: () => startupNotices.splice(0),
    }),
    {
      appUrl,
      webContentsIds: () => BrowserWindow.getAllWindows().map((w) => w.webContents.id),
    },
  );
  Menu.setApplicationMenu(buildMenu(process.platform === 'darwin', app.isPackaged));

  mainWindow = createWindow();
  try {
    detachTray = attachTray(new Tray(nativeImage.createFromDataURL(TRAY_ICON)), {
      core,
      clipboard,
      showWindow: () => void showWindow(),
      openPalette: () => openPalette('tray'),
      quit: () => app.quit(),
      buildMenu: (template: MenuItemTemplate[]) => Menu.buildFromTemplate(template),
    });
  } catch {
    // A desktop without a tray (some Linux sessions): the window and the shortcut still work.
  }
  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    detachTray?.();
  });
  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting) return;
    // Before exiting: clear what Keydeck copied (only if the clipboard still holds it) and close any
    // running realtime sandbox, so its port is released.
    e.preventDefault();
    quitting = true;
    void Promise.allSettled([clipboard.clearIfOurs(), stopAllSandboxes()]).finally(() => app.quit());
  });
}

void main();
