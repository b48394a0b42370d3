/**
 * The application menu: standard roles plus Keydeck's own shortcuts, which the renderer handles.
 * A packaged build has no "Toggle Developer Tools" item (and its windows have devTools off).
 */
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { safeExternalUrl } from './security.js';

export function buildMenu(isMac: boolean, packaged = false): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(packaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Keydeck on GitHub',
          click: () => {
            const url = safeExternalUrl('https://github.com/keydeck/keydeck');
            if (url) void shell.openExternal(url);
          },
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
