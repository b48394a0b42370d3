import { useApp } from '../stores/app.js';
import { formatLabel, relativeTime } from '../lib/format.js';
import type { CopyFormat } from '../../../shared/domain.js';

const ACTION: Record<string, string> = { reveal: 'Revealed' };

function describe(action: string): string {
  if (ACTION[action]) return ACTION[action];
  const m = /^(copy|format):(.+)$/.exec(action);
  if (m) return `${m[1] === 'copy' ? 'Copied' : 'Formatted'} · ${formatLabel(m[2] as CopyFormat)}`;
  return action;
}

export function UseLogScreen() {
  const log = useApp((s) => s.useLog);
  return (
    <section className="screen" aria-labelledby="uselog-title">
      <header className="screen-head">
        <h1 id="uselog-title">Use log</h1>
        <p className="muted">Every time a key left the keychain: when, which version and how. Never the value.</p>
      </header>
      {log.length === 0 ? (
        <div className="empty small-empty">
          <h2>Nothing used yet</h2>
          <p>Copy a key as a header or env lines, and the use shows up here.</p>
        </div>
      ) : (
        <table className="table" data-testid="use-log">
          <thead>
            <tr>
              <th>When</th>
              <th>Credential</th>
              <th>Version</th>
              <th>Action</th>
            </tr>
          </thead>
          <tbody>
            {log.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td title={new Date(e.at).toLocaleString()}>{relativeTime(e.at)}</td>
                <td>{e.name}</td>
                <td className="mono">v{e.version}</td>
                <td>{describe(e.action)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
