import os from 'node:os';
import path from 'node:path';

/** The product name Electron uses for `app.getPath('userData')`. */
export const APP_NAME = 'Keydeck';

/**
 * Where the catalog lives. Matches Electron's `userData` for an app named "Keydeck", so the desktop
 * app and the CLI open the very same file (the one electron-store kept). `KEYDECK_HOME` overrides it.
 */
export function keydeckHome(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.KEYDECK_HOME) return path.resolve(env.KEYDECK_HOME);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_NAME);
}

export const CATALOG_NAME = 'catalog';
