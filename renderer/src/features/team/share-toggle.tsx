/**
 * The credential detail's "Share with team" switch (issue 13): shown only when the workspace is linked
 * to a team store. Sharing writes the credential's file in the store; Sync on the Team screen pushes it.
 */
import { useEffect } from 'react';
import type { Credential } from '../../../../shared/domain.js';
import { useApp } from '../../stores/app.js';
import { useTeam } from './team-store.js';

export function ShareToggle({ cred }: { cred: Credential }) {
  const activeId = useApp((s) => s.activeId);
  const marks = useTeam((s) => s.marks);
  const busy = useTeam((s) => s.sharing.includes(cred.id));
  const loadMarks = useTeam((s) => s.loadMarks);
  const setShared = useTeam((s) => s.setShared);
  useEffect(() => {
    void loadMarks();
  }, [activeId, loadMarks]);
  if (!marks.linked) return null;
  const mark = marks.shared[cred.id];
  const on = !!mark;
  return (
    <div className="team-toggle" data-testid="team-toggle">
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-busy={busy || undefined}
        aria-describedby={`team-toggle-note-${cred.id}`}
        className={`switch${on ? ' on' : ''}`}
        onClick={() => {
          if (!busy) void setShared(cred.id, !on);
        }}
        data-testid="team-share-switch"
      >
        <span className="switch-track" aria-hidden="true">
          <span className="switch-knob" />
        </span>
        <span>Share with team</span>
      </button>
      <span className="muted" id={`team-toggle-note-${cred.id}`}>
        {on ? `In the team store as ${mark.path}` : 'Only on this machine'}
        {mark?.exposed && <span className="badge danger">exposed: rotate</span>}
      </span>
    </div>
  );
}
