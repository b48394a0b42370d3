import { useApp, type Screen } from '../stores/app.js';

/** Screens in the sidebar. Later features (validation, JWT, sandbox, leak scan) add an entry here. */
export const NAV: { screen: Screen; label: string; icon: string }[] = [
  { screen: 'credentials', label: 'Credentials', icon: '⚿' },
  { screen: 'use-log', label: 'Use log', icon: '≡' },
  { screen: 'settings', label: 'Settings', icon: '⚙' },
];

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
            else void switchWorkspace(e.target.value);
          }}
        >
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
          <option value="__new">+ New workspace…</option>
        </select>
      </label>
      <ul className="nav">
        {NAV.map((n) => (
          <li key={n.screen}>
            <button
              className={screen === n.screen ? 'on' : ''}
              aria-current={screen === n.screen ? 'page' : undefined}
              onClick={() => setScreen(n.screen)}
            >
              <span className="nav-icon" aria-hidden="true">
                {n.icon}
              </span>
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
