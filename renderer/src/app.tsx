import { useEffect } from 'react';
import { useApp } from './stores/app.js';
import { useCredentials } from './stores/credentials.js';
import { ClipboardBar } from './components/clipboard-bar.js';
import { CredentialForm } from './features/credentials/credential-form.js';
import { RotateWizard } from './features/credentials/rotate-wizard.js';
import { Sidebar } from './components/sidebar.js';
import { NewWorkspace, RemoveWorkspace } from './components/workspace-dialogs.js';
import { ConfirmDelete } from './features/credentials/confirm-delete.js';
import { Toasts } from './components/toasts.js';
import { SCREENS } from './screens.js';
import { Palette } from './features/palette/palette.js';
import { useQuick } from './stores/quick.js';
import { EnvImportDialog } from './features/env-import/env-import-dialog.js';
import { useEnvDrop } from './features/env-import/use-env-drop.js';

const isMac = /Mac/.test(navigator.platform);

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  if (el.id === 'search') return false;
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}

/**
 * Keyboard first: Ctrl/Cmd+K opens the quick-access palette (never from inside a dialog, which keeps its
 * keys), / focuses the list's search, arrows move, Enter copies the header, Ctrl/Cmd+Shift+C the env.
 */
function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const app = useApp.getState();
      const creds = useCredentials.getState();
      const mod = isMac ? e.metaKey : e.ctrlKey;
      if (mod && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        if (!app.dialog) useQuick.getState().openPalette();
        return;
      }
      if (app.dialog || useQuick.getState().paletteOpen || app.screen !== 'credentials') return;
      if (e.key === '/' && !mod && !isTyping(document.activeElement) && document.activeElement?.id !== 'search') {
        e.preventDefault();
        (document.getElementById('search') as HTMLInputElement | null)?.select();
        return;
      }
      if (mod && e.shiftKey && e.key.toLowerCase() === 'c') {
        e.preventDefault();
        if (creds.selectedId)
          void creds.copy(creds.selectedId, isMac || !/Win/.test(navigator.platform) ? 'env-bash' : 'env-powershell');
        return;
      }
      if (isTyping(document.activeElement)) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        creds.move(e.key === 'ArrowDown' ? 1 : -1);
      } else if (e.key === 'Enter' && !e.altKey && !mod) {
        const t = document.activeElement;
        if (t instanceof HTMLButtonElement || t instanceof HTMLAnchorElement) return;
        if (creds.selectedId) {
          e.preventDefault();
          void creds.copy(creds.selectedId, 'header');
        }
      } else if (e.key === 'Escape' && document.activeElement?.id === 'search' && creds.text) {
        creds.setText('');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function Dialogs() {
  const dialog = useApp((s) => s.dialog);
  const cred = useCredentials((s) => (dialog && 'id' in dialog ? s.items.find((c) => c.id === dialog.id) : undefined));
  if (!dialog) return null;
  if (dialog.type === 'add') return <CredentialForm />;
  if (dialog.type === 'workspace') return <NewWorkspace />;
  if (dialog.type === 'remove-workspace') return <RemoveWorkspace workspaceId={dialog.workspaceId} />;
  if (!cred) return null;
  if (dialog.type === 'edit') return <CredentialForm edit={cred} />;
  if (dialog.type === 'rotate') return <RotateWizard cred={cred} />;
  return <ConfirmDelete cred={cred} />;
}

export function App() {
  const boot = useApp((s) => s.boot);
  const activeId = useApp((s) => s.activeId);
  const screen = useApp((s) => s.screen);
  const fatal = useApp((s) => s.fatal);
  const load = useCredentials((s) => s.load);
  const paletteOpen = useQuick((s) => s.paletteOpen);
  useShortcuts();
  useEnvDrop();
  // The global shortcut and the tray open the palette from main.
  useEffect(() => useQuick.getState().connect(), []);
  useEffect(() => {
    void boot();
  }, [boot]);
  useEffect(() => {
    if (activeId) void load();
  }, [activeId, load]);

  if (fatal) {
    return (
      <div className="fatal" role="alert">
        <h1>Keydeck could not start</h1>
        <p>{fatal.message}</p>
        <code>{fatal.code}</code>
      </div>
    );
  }
  return (
    <div className="shell">
      <Sidebar />
      <main className="main">
        {(() => {
          const Current = (SCREENS.find((x) => x.id === screen) ?? SCREENS[0]).component;
          return <Current />;
        })()}
        <ClipboardBar />
      </main>
      <Dialogs />
      <EnvImportDialog />
      {paletteOpen && <Palette />}
      <Toasts />
    </div>
  );
}
