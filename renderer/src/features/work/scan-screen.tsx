/**
 * "Where are my keys?": scans a folder (or a repository's whole git history) for the user's stored
 * secrets. The scan runs in main as a job; main pushes its progress to the scan store.
 * Results name the file, line, commit, credential, version and fingerprint, never the secret.
 */
import { useEffect, type FormEvent } from 'react';
import type { ScanJob } from '../../../../shared/ipc/work.js';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useScan } from '../../stores/scan.js';
import { formatBytes, plural } from './format.js';
import { Results } from './scan-results.js';
import './work.css';
import './scan.css';
import { BusyButton } from '../../components/busy-button.js';

const PHASES: Record<ScanJob['progress']['phase'], string> = {
  'reading-keychain': 'Reading your keys from the keychain…',
  'listing-history': 'Listing every commit of the repository…',
  scanning: 'Scanning…',
  done: 'Finished',
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
          <BusyButton type="submit" className="primary" busy={running} data-testid="scan-start">
            {job && !running ? 'Scan again' : 'Start scan'}
          </BusyButton>
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
