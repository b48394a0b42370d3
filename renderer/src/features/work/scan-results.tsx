/**
 * A finished (or stopped) scan's report: the findings table or "nothing found", and the paths or
 * key versions it could not check. Names file, line, commit and fingerprint, never a secret.
 */
import type { ScanFinding, ScanJob } from '../../../../shared/ipc/work.js';
import { formatBytes, formatMs, plural } from './format.js';

const FORMS: Record<ScanFinding['form'], string> = {
  exact: 'as stored',
  'basic-decoded': 'decoded from Basic',
  base64: 'Base64-encoded',
};
export function Results({ job }: { job: ScanJob }) {
  const r = job.report!;
  const git = r.mode === 'git';
  const summary = `${plural(r.files, git ? 'file version' : 'file')} (${formatBytes(r.bytes)})${
    git && r.commits !== undefined ? ` in ${plural(r.commits, 'commit')}` : ''
  } checked for ${plural(r.secretsSearched, 'stored key version')} in ${formatMs(r.durationMs)}`;
  const skipped = [
    r.binarySkipped ? plural(r.binarySkipped, 'binary file') : '',
    r.dirsSkipped ? plural(r.dirsSkipped, 'ignored folder') : '',
  ]
    .filter(Boolean)
    .join(', ');

  const stopped = job.state === 'cancelled';
  if (!r.findings.length) {
    return (
      <div className="card empty-result" data-testid="scan-empty">
        <div className={`empty-art${stopped ? '' : ' ok-art'}`} aria-hidden="true">
          <svg viewBox="0 0 16 16" width="28" height="28">
            <path
              d={stopped ? 'M6 4.5v7M10 4.5v7' : 'M3.5 8.5l3 3 6-7'}
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
              strokeLinecap="round"
            />
          </svg>
        </div>
        <div>
          <h2>{stopped ? 'Stopped before the end' : 'Nothing found'}</h2>
          <p className="muted">
            {stopped
              ? `Nothing found in the part that was scanned: ${summary}. Scan again to check the rest.`
              : r.secretsSearched === 0
                ? 'You have no stored keys to look for yet: add one on the Credentials screen, then scan again.'
                : `None of your keys appear here. ${summary}${skipped ? `; skipped ${skipped}` : ''}.`}
          </p>
          <Problems job={job} />
        </div>
      </div>
    );
  }
  return (
    <section className="card results-card" aria-labelledby="results-title" data-testid="scan-results">
      <div className="card-head">
        <div>
          <h2 id="results-title" className="danger-text">
            {stopped ? 'Stopped: found ' : 'Found '}
            {plural(r.findingsTotal, 'place')} holding your keys{stopped ? ' so far' : ''}
          </h2>
          <p className="muted small">
            {summary}
            {skipped ? `; skipped ${skipped}` : ''}. Rotate a key that was committed: deleting the file does not remove
            it from history.
          </p>
        </div>
      </div>
      <div className="table-wrap">
        <table className="table findings">
          <thead>
            <tr>
              <th>File</th>
              <th>Line</th>
              {git && <th>Commit</th>}
              <th>Credential</th>
              <th>Version</th>
              <th>Status</th>
              <th>Fingerprint</th>
            </tr>
          </thead>
          <tbody>
            {r.findings.map((f) => (
              <tr key={`${f.file}:${f.line}:${f.commit ?? ''}:${f.credentialId}:${f.version}`} data-testid="finding">
                <td className="mono file-cell" title={f.file}>
                  {f.file}
                </td>
                <td className="num">{f.line}</td>
                {git && <td className="mono">{f.commit?.slice(0, 8)}</td>}
                <td>
                  {f.credential}
                  {f.form !== 'exact' && <span className="muted small"> · {FORMS[f.form]}</span>}
                </td>
                <td className="num">v{f.version}</td>
                <td>
                  <span className={`badge status-${f.status}`} title={`This version is ${f.status}`}>
                    {f.status}
                  </span>
                </td>
                <td className="mono small">{f.fingerprint}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.findingsTotal > r.findings.length && (
        <p className="small muted">
          Showing the first {r.findings.length.toLocaleString()}. Run <code>keydeck scan --json</code> for all.
        </p>
      )}
      <Problems job={job} />
    </section>
  );
}

function Problems({ job }: { job: ScanJob }) {
  const r = job.report!;
  if (!r.problems.length && !r.unreadableSecrets.length) return null;
  return (
    <details className="more problems" data-testid="scan-problems">
      <summary>
        {[
          r.problems.length ? plural(r.problems.length, 'path') + ' skipped (unreadable, dangling or looping)' : '',
          r.unreadableSecrets.length
            ? plural(r.unreadableSecrets.length, 'key version') + ' missing from the keychain'
            : '',
        ]
          .filter(Boolean)
          .join('; ')}
      </summary>
      <ul className="small">
        {r.problems.map((p) => (
          <li key={p.path}>
            <span className="mono">{p.path}</span>: {p.reason}
          </li>
        ))}
        {r.unreadableSecrets.map((u) => (
          <li key={`${u.name}/${u.version}`}>
            {u.name} v{u.version}: {u.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
