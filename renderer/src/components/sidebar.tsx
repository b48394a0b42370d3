import { SCREENS } from '../screens.js';
import { useApp } from '../stores/app.js';

function NavIcon({ d }: { d: string }) {
  return (
    <svg className="nav-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function KeychainStatus() {
  const info = useApp((s) => s.info);
  if (!info) return null;
  const k = info.keychain;
  const bad = !k.persistent || !k.reachable;
  return (
    <div className={`keychain${bad ? ' bad' : ''}`} data-testid="keychain-status" role={bad ? 'alert' : undefined}>
      <span className="dot" aria-hidden="true" />
      <div>
        <div className="keychain-label">{k.label}</div>
        <div className="keychain-detail">
          {!k.reachable
            ? (k.error?.message ?? 'The keychain cannot be reached.')
            : !k.persistent
              ? 'Not a persistent keychain: keys are lost when you log out.'
              : 'Keys are stored in your OS keychain'}
        </div>
      </div>
    </div>
  );
}

export function Sidebar() {
  const workspaces = useApp((s) => s.workspaces);
  const activeId = useApp((s) => s.activeId);
  const switchWorkspace = useApp((s) => s.switchWorkspace);
  const openDialog = useApp((s) => s.openDialog);
  const screen = useApp((s) => s.screen);
  const setScreen = useApp((s) => s.setScreen);
  return (
    <nav className="sidebar" aria-label="Keydeck">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          K
        </span>
        Keydeck
      </div>
      <label className="ws">
        <span className="ws-label">Workspace</span>
        <select
          aria-label="Workspace"
          value={activeId ?? ''}
          onChange={(e) => {
            if (e.target.value === '__new') openDialog({ type: 'workspace' });
            else if (e.target.value === '__remove' && activeId)
              openDialog({ type: 'remove-workspace', workspaceId: activeId });
            else void switchWorkspace(e.target.value);
          }}
        >
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
          <option value="__new">+ New workspace…</option>
          {workspaces.length > 1 && (
            <option value="__remove">− Remove “{workspaces.find((w) => w.id === activeId)?.name}”…</option>
          )}
        </select>
      </label>
      <ul className="nav">
        {SCREENS.map((n) => (
          <li key={n.id}>
            <button
              className={screen === n.id ? 'on' : ''}
              aria-current={screen === n.id ? 'page' : undefined}
              onClick={() => setScreen(n.id)}
            >
              <NavIcon d={n.icon} />
              {n.label}
            </button>
          </li>
        ))}
      </ul>
      <div className="spacer" />
      <KeychainStatus />
    </nav>
  );
}
