/**
 * "Where are my keys?": scans a folder (or a repository's whole git history) for the user's stored
 * secrets. The scan runs in main as a job; this screen polls its progress through the scan store.
 * Results name the file, line, commit, credential, version and fingerprint, never the secret.
 */
import { useEffect, type FormEvent } from 'react';
import type { ScanFinding, ScanJob } from '../../../../shared/ipc/work.js';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useScan } from '../../stores/scan.js';
import { formatBytes, formatMs, plural } from './format.js';
import './work.css';

const PHASES: Record<ScanJob['progress']['phase'], string> = {
  'reading-keychain': 'Reading your keys from the keychain…',
  'listing-history': 'Listing every commit of the repository…',
  scanning: 'Scanning…',
  done: 'Finished',
};

const FORMS: Record<ScanFinding['form'], string> = {
  exact: 'as stored',
  'basic-decoded': 'decoded from Basic',
  base64: 'Base64-encoded',
};

export function ScanScreen() {
  const path = useScan((s) => s.path);
  const git = useScan((s) => s.git);
  const includeIgnored = useScan((s) => s.includeIgnored);
  const job = useScan((s) => s.job);
  const starting = useScan((s) => s.starting);
  const error = useScan((s) => s.error);
  const hook = useScan((s) => s.hook);
  const { setPath, setOption, start, cancel, loadHook, copyHook } = useScan.getState();
  const running = starting || job?.state === 'running';

  useEffect(() => {
    void loadHook();
  }, [loadHook]);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!running) void start();
  }

  return (
    <section className="screen work-screen" aria-labelledby="scan-title" data-testid="scan-screen">
      <header className="screen-head">
        <h1 id="scan-title">Where are my keys?</h1>
        <p className="muted">
          Looks for your stored keys (every version, retired ones too) in a folder, or in every commit of a repository.
          Matches exactly and never shows a key.
        </p>
      </header>

      <form className="card form scan-form" onSubmit={submit} noValidate aria-label="Scan a folder">
        <Field
          label="Folder or file"
          name="scan-path"
          className="mono"
          placeholder="~/projects/my-app"
          value={path}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'error-scan' : undefined}
          onChange={(e) => setPath(e.target.value)}
        />
        <div className="checks">
          <label className="check">
            <input type="checkbox" name="scan-git" checked={git} onChange={(e) => setOption('git', e.target.checked)} />
            Include git history <span className="muted">(all commits, deleted files too)</span>
          </label>
          <label className="check">
            <input
              type="checkbox"
              name="scan-ignored"
              checked={includeIgnored}
              onChange={(e) => setOption('includeIgnored', e.target.checked)}
            />
            Include ignored folders <span className="muted">(node_modules, .git, dist…)</span>
          </label>
        </div>
        <FieldError id="error-scan" error={error ? `${error.message}` : undefined} />
        <footer className="form-actions">
          <button type="submit" className="primary" disabled={running} data-testid="scan-start">
            {job && !running ? 'Scan again' : 'Start scan'}
          </button>
          {running && (
            <button type="button" onClick={() => void cancel()} data-testid="scan-cancel">
              Cancel
            </button>
          )}
        </footer>
      </form>

      {job && <Progress job={job} />}
      {job?.report && job.state !== 'failed' && <Results job={job} />}

      <section className="card hook-card" aria-labelledby="hook-title">
        <div className="card-head">
          <div>
            <h3 id="hook-title">Block leaks before they are committed</h3>
            <p className="muted small">
              This git pre-commit hook runs <code>keydeck scan</code> on the staged files and refuses the commit when
              one of your keys is in them.
            </p>
          </div>
          <button type="button" onClick={() => void copyHook()} disabled={!hook} data-testid="copy-hook">
            Copy hook
          </button>
        </div>
        {hook && (
          <>
            <pre className="code-block" data-testid="hook-text">
              {hook.text}
            </pre>
            <p className="small muted">
              Install in a repository: <code className="mono">{hook.install}</code>
            </p>
          </>
        )}
      </section>
    </section>
  );
}

function Progress({ job }: { job: ScanJob }) {
  const p = job.progress;
  const determinate = job.state !== 'running' || (p.total !== undefined && p.total > 0);
  const pct =
    job.state !== 'running' ? 100 : p.total ? Math.min(100, Math.round(((p.files || 0) / p.total) * 100)) : undefined;
  const label =
    job.state === 'running'
      ? PHASES[p.phase]
      : job.state === 'cancelled'
        ? 'Cancelled'
        : job.state === 'failed'
          ? 'Failed'
          : 'Finished';
  return (
    <section
      className="card scan-progress"
      aria-label="Scan progress"
      data-testid="scan-progress"
      data-state={job.state}
    >
      <div className="progress-head">
        <strong>{label}</strong>
        <span className="muted small" data-testid="scan-counts">
          {job.git && p.total !== undefined
            ? `${p.files.toLocaleString()} of ${plural(p.total, 'blob')}`
            : plural(p.files, job.git ? 'blob' : 'file')}{' '}
          · {formatBytes(p.bytes)} · {plural(p.findings, 'finding')}
        </span>
      </div>
      <div
        className={`progress-track${determinate ? '' : ' indeterminate'}${job.state === 'cancelled' ? ' stopped' : ''}`}
        role="progressbar"
        aria-label="Scan progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={pct === undefined ? label : `${pct}%`}
      >
        <div className="progress-fill" style={pct === undefined ? undefined : { width: `${pct}%` }} />
      </div>
      {job.state === 'running' && p.current && (
        <p className="small muted current-file mono" title={p.current}>
          {p.current}
        </p>
      )}
    </section>
  );
}

function Results({ job }: { job: ScanJob }) {
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
