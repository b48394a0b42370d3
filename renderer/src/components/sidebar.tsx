import { useApp, type Screen } from '../stores/app.js';

/** Screens in the sidebar. Later features (validation, JWT, sandbox, leak scan) add an entry here. */
export const NAV: { screen: Screen; label: string; icon: string }[] = [
  // 16×16 stroke icons as SVG path data (no icon font, nothing fetched).
  {
    screen: 'credentials',
    label: 'Credentials',
    icon: 'M10 2.5a3.5 3.5 0 1 1-3.3 4.7L2.5 11.4V13.5h2v-1.5h1.5v-1.5h1.6l.8-.8A3.5 3.5 0 0 1 10 2.5Zm.8 2.2h.01',
  },
  { screen: 'use-log', label: 'Use log', icon: 'M3 3.5h10M3 8h10M3 12.5h6' },
  {
    screen: 'settings',
    label: 'Settings',
    icon: 'M8 5.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5ZM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  },
];

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
