/**
 * The Team screen (issue 13): the active workspace's team store (a git + age folder, passage's layout),
 * my recipient with a Copy button, the members, and each shared credential's state against the team.
 * Sync pulls, applies and pushes; a conflict is settled here by picking a side, never overwritten
 * silently. A workspace with no store gets an empty state that says how to link one (no fake data).
 */
import { useEffect, useRef } from 'react';
import { BusyButton } from '../../components/busy-button.js';
import { useApp } from '../../stores/app.js';
import type { TeamItemView } from '../../../../shared/ipc/team.js';
import { useTeam } from './team-store.js';
import './team.css';

const STATE_LABEL: Record<TeamItemView['state'], string> = {
  'in-sync': 'in sync',
  'local-newer': 'local newer',
  'team-newer': 'team newer',
  conflict: 'conflict',
  unreadable: 'unreadable',
};
const STATE_TONE: Record<TeamItemView['state'], string> = {
  'in-sync': 'ok',
  'local-newer': 'warn',
  'team-newer': 'warn',
  conflict: 'danger',
  unreadable: 'danger',
};

function ItemRow({ item }: { item: TeamItemView }) {
  const sync = useTeam((s) => s.sync);
  const syncing = useTeam((s) => s.syncing);
  return (
    <li className="team-row" data-testid="team-item">
      <div className="team-what">
        <strong>{item.name}</strong>
        <span className="muted mono">{item.path}</span>
        {item.detail && <span className="muted">{item.detail}</span>}
      </div>
      <span className="badges">
        <span className={`badge ${STATE_TONE[item.state]}`} data-testid="team-state">
          {STATE_LABEL[item.state]}
        </span>
        {item.exposed && (
          <span
            className="badge danger"
            title="A removed member could read it: rotate the key"
            data-testid="team-exposed"
          >
            exposed: rotate
          </span>
        )}
      </span>
      {item.state === 'conflict' && (
        <div className="team-take" role="group" aria-label={`Settle the conflict on ${item.name}`}>
          <BusyButton busy={syncing} onClick={() => void sync({ side: 'mine', name: item.name })}>
            Keep mine
          </BusyButton>
          <BusyButton busy={syncing} onClick={() => void sync({ side: 'theirs', name: item.name })}>
            Take theirs
          </BusyButton>
        </div>
      )}
    </li>
  );
}

export function TeamScreen() {
  const activeId = useApp((s) => s.activeId);
  const { status, error, loading, syncing } = useTeam();
  const load = useTeam((s) => s.load);
  const sync = useTeam((s) => s.sync);
  const copy = useTeam((s) => s.copyRecipient);
  const head = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    void load();
  }, [activeId, load]);
  return (
    <section className="screen team-screen" aria-labelledby="team-title" data-testid="team-screen">
      <header className="screen-head">
        <h1 id="team-title" ref={head} tabIndex={-1}>
          Team
        </h1>
        <p className="muted">
          Share keys with teammates through a git repository of age-encrypted files (passage’s layout), readable by the
          standard <span className="mono">age</span> tool.
        </p>
      </header>
      {error ? (
        <div className="callout danger" role="alert" data-testid="team-error">
          {error.message}
        </div>
      ) : !status ? (
        <p className="muted">{loading ? 'Loading…' : ''}</p>
      ) : !status.linked ? (
        <section className="card" data-testid="team-empty">
          <h2>Not linked to a team store</h2>
          <p>
            Workspace “{status.workspace}” is not shared with a team. Link it to a folder or a git remote from a
            terminal:
          </p>
          <pre className="mono team-cmd">keydeck team init DIR|GIT_URL</pre>
          <p className="muted">Then come back here to share keys and sync.</p>
        </section>
      ) : (
        <>
          <section className="card" aria-labelledby="team-store-title">
            <h2 id="team-store-title">Store</h2>
            <dl className="meta">
              <dt>Workspace</dt>
              <dd>{status.workspace}</dd>
              <dt>Folder</dt>
              <dd className="mono team-wrap" data-testid="team-store">
                {status.store}
              </dd>
              <dt>My recipient</dt>
              <dd className="team-recipient">
                <span className="mono team-wrap" data-testid="team-recipient">
                  {status.recipient}
                </span>
                <button type="button" onClick={() => void copy()} data-testid="team-copy-recipient">
                  Copy
                </button>
              </dd>
            </dl>
          </section>

          <section className="card" aria-labelledby="team-members-title">
            <h2 id="team-members-title">Members ({status.members.length})</h2>
            <ul className="team-members" data-testid="team-members">
              {status.members.map((m) => (
                <li key={m.recipient}>
                  <strong>{m.name}</strong> <span className="muted mono team-wrap">{m.recipient}</span>
                </li>
              ))}
            </ul>
            <p className="muted">
              Add one from a terminal: <span className="mono">keydeck team member add age1… --name NAME</span>
            </p>
          </section>

          <section className="card" aria-labelledby="team-shared-title">
            <div className="team-shared-head">
              <h2 id="team-shared-title">Shared credentials ({status.items.length})</h2>
              <BusyButton busy={syncing} className="primary" onClick={() => void sync()} data-testid="team-sync">
                {syncing ? 'Syncing…' : 'Sync'}
              </BusyButton>
            </div>
            {status.items.length ? (
              <ul className="team-list" aria-label="Shared credentials">
                {status.items.map((i) => (
                  <ItemRow key={i.path} item={i} />
                ))}
              </ul>
            ) : (
              <p className="muted" data-testid="team-none-shared">
                Nothing shared yet. Open a credential and turn on “Share with team”.
              </p>
            )}
          </section>
        </>
      )}
    </section>
  );
}
