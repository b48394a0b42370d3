/**
 * "Is this project's .keydeck allowed?" (issue 16 §5): a folder's `.keydeck` is used by `keydeck exec`
 * only once allowed. The card shows the file's trust state and what it asks for; "Allow…" opens a
 * modal dialog that shows the workspace and every name before anything is recorded.
 */
import type { FormEvent } from 'react';
import { Dialog, FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useTrust } from '../../stores/trust.js';
import { plural } from './format.js';

const STATE_WORDS = {
  allowed: { badge: 'Allowed', tone: 'ok' },
  'not-allowed': { badge: 'Not allowed', tone: 'warn' },
  changed: { badge: 'Changed since allowed', tone: 'danger' },
} as const;

export function TrustCard() {
  const folder = useTrust((s) => s.folder);
  const busy = useTrust((s) => s.busy);
  const trust = useTrust((s) => s.trust);
  const error = useTrust((s) => s.error);
  const asking = useTrust((s) => s.asking);
  const { setFolder, check, openAllow, deny } = useTrust.getState();

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!busy) void check();
  }

  return (
    <section className="card form trust-card" aria-labelledby="trust-title" data-testid="trust-card">
      <div>
        <h3 id="trust-title">Allowed projects</h3>
        <p className="muted small">
          A <code>.keydeck</code> file someone else wrote (in a cloned repository, say) is used only after you allow it,
          and again after every change. Files you save from Keydeck are allowed as written.
        </p>
      </div>
      <form className="save-row" onSubmit={submit} noValidate aria-label="Check a project folder">
        <Field
          labelClassName="save-folder"
          label="Project folder"
          name="trust-folder"
          className="mono"
          placeholder="~/projects/my-app"
          value={folder}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'error-trust-folder' : undefined}
          onChange={(e) => setFolder(e.target.value)}
        />
        <button type="submit" disabled={busy} data-testid="trust-check">
          Check .keydeck
        </button>
      </form>
      <FieldError id="error-trust-folder" error={error?.message} />
      {trust && trust.state === 'none' && (
        <p className="small muted" role="status" data-testid="trust-state">
          This folder has no <code>.keydeck</code> file.
        </p>
      )}
      {trust && trust.state !== 'none' && (
        <div className="trust-state" role="status" data-testid="trust-state">
          <p>
            <span className={`badge ${STATE_WORDS[trust.state].tone}`}>{STATE_WORDS[trust.state].badge}</span>{' '}
            <code className="wrap">{trust.file}</code>
          </p>
          <p className="small">
            Asks for {plural(trust.credentials.length, 'credential')} of workspace{' '}
            <strong>{trust.workspace ?? 'active'}</strong>: {trust.credentials.join(', ') || 'none'}.
          </p>
          <div className="form-actions">
            {trust.state === 'allowed' ? (
              <button type="button" disabled={busy} onClick={() => void deny()} data-testid="trust-deny">
                Stop allowing
              </button>
            ) : (
              <button type="button" className="primary" disabled={busy} onClick={openAllow} data-testid="trust-allow">
                Allow…
              </button>
            )}
          </div>
        </div>
      )}
      {asking && trust && <AllowDialog />}
    </section>
  );
}

function AllowDialog() {
  const trust = useTrust((s) => s.trust)!;
  const busy = useTrust((s) => s.busy);
  const { closeAllow, allow } = useTrust.getState();
  return (
    <Dialog title="Allow this .keydeck?" onClose={closeAllow} testId="trust-dialog">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void allow();
        }}
      >
        <p>
          <code className="wrap">{trust.file}</code>
          {trust.state === 'changed' ? ' changed since you allowed it. It now asks for' : ' asks for'} these keys of
          workspace <strong data-testid="trust-dialog-workspace">{trust.workspace ?? 'active'}</strong>:
        </p>
        <ul className="trust-names" data-testid="trust-dialog-names">
          {trust.credentials.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
        <p className="small muted">
          Once allowed, <code>keydeck exec</code> in that project puts them in the environment of the command it runs.
          Allow only a file you have read and trust.
        </p>
        <footer className="dialog-foot">
          <button type="button" onClick={closeAllow}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="trust-dialog-allow">
            Allow
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
