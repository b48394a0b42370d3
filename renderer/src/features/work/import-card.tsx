/**
 * The "Import backup" card: open a file, decrypt it, review what would be added or overwritten, then
 * apply only what the user kept ticked.
 */
import { useState, type FormEvent } from 'react';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useProjects } from '../../stores/projects.js';
import { plural } from './format.js';

export function ImportCard() {
  const path = useProjects((s) => s.importPath);
  const needs = useProjects((s) => s.importNeeds);
  const busy = useProjects((s) => s.importBusy);
  const error = useProjects((s) => s.importError);
  const preview = useProjects((s) => s.preview);
  const imported = useProjects((s) => s.imported);
  const { setImportPath, openBackup, review, apply, resetImport, clearErrors } = useProjects.getState();
  const [pass, setPass] = useState('');
  const [identity, setIdentity] = useState('');
  // Every changed credential is overwritten unless the user unticks it.
  const [skip, setSkip] = useState<ReadonlySet<string>>(new Set());
  const keep = new Set((preview?.update ?? []).map((u) => u.id).filter((id) => !skip.has(id)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (preview) return;
    if (!needs) return openBackup();
    setSkip(new Set());
    await review(needs === 'passphrase' ? { passphrase: pass } : { identityPath: identity.trim() });
    setPass('');
  }

  return (
    <form
      className="card form backup-card"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="import-title"
      data-testid="import-form"
    >
      <div>
        <h3 id="import-title">Import backup</h3>
        <p className="muted small">
          Merges by id: new keys are added; a key that exists here and differs is overwritten only if you say so. You
          review everything before it changes.
        </p>
      </div>
      <Field
        label="Backup file"
        name="import-path"
        className="mono"
        value={path}
        placeholder="~/keydeck-backup.age"
        spellCheck={false}
        autoComplete="off"
        disabled={!!preview}
        aria-invalid={error && !needs ? true : undefined}
        onChange={(e) => setImportPath(e.target.value)}
      />
      {needs === 'passphrase' && !preview && (
        <Field
          label="Passphrase"
          type="password"
          name="import-passphrase"
          autoComplete="current-password"
          value={pass}
          autoFocus
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setPass(e.target.value);
            clearErrors();
          }}
        />
      )}
      {needs === 'identity' && !preview && (
        <Field
          label="Identity file (AGE-SECRET-KEY-1…)"
          name="import-identity"
          className="mono"
          value={identity}
          placeholder="~/.config/age/keys.txt"
          autoFocus
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setIdentity(e.target.value);
            clearErrors();
          }}
          hint="This backup is encrypted to age recipients: the matching identity opens it."
        />
      )}
      <FieldError id="error-import" error={error?.message} />
      {!preview && (
        <footer className="form-actions">
          <button type="submit" className="primary" disabled={busy} data-testid="import-next">
            {busy ? 'Working…' : needs ? 'Decrypt and review' : 'Open backup'}
          </button>
          {needs && (
            <button type="button" onClick={() => void resetImport()}>
              Cancel
            </button>
          )}
        </footer>
      )}
      {preview && (
        <div className="review" data-testid="import-review">
          <p className="small muted">
            Backup of {preview.workspace ? `workspace “${preview.workspace}”` : 'all workspaces'}, made{' '}
            {new Date(preview.createdAt).toLocaleString()}.
          </p>
          <ReviewGroup title="Will be added" tone="ok" items={preview.add} testId="review-add" />
          {preview.update.length > 0 && (
            <fieldset className="review-group" data-testid="review-update">
              <legend>
                Exist here and differ: overwrite? <span className="muted">({preview.update.length})</span>
              </legend>
              <ul>
                {preview.update.map((u) => (
                  <li key={u.id}>
                    <label className="check">
                      <input
                        type="checkbox"
                        name={`overwrite-${u.name}`}
                        checked={keep.has(u.id)}
                        onChange={(e) => {
                          const next = new Set(skip);
                          if (e.target.checked) next.delete(u.id);
                          else next.add(u.id);
                          setSkip(next);
                        }}
                      />
                      {u.name} <span className="muted small">in {u.workspace}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          <ReviewGroup title="Unchanged: skipped" tone="muted" items={preview.unchanged} testId="review-unchanged" />
          <footer className="form-actions">
            <button
              type="button"
              className="primary"
              disabled={busy || preview.add.length + keep.size === 0}
              onClick={() => void apply([...keep])}
              data-testid="import-apply"
            >
              {busy ? 'Importing…' : `Import (${plural(preview.add.length, 'new')}, ${plural(keep.size, 'overwrite')})`}
            </button>
            <button type="button" onClick={() => void resetImport()} data-testid="import-cancel">
              Cancel
            </button>
          </footer>
        </div>
      )}
      {imported && (
        <div className="callout ok" role="status" data-testid="import-result">
          <strong>
            {imported.added.length} added, {imported.updated.length} updated, {imported.skipped.length} skipped.
          </strong>
          <ul className="small">
            {imported.added.map((n) => (
              <li key={`a-${n}`}>Added {n}</li>
            ))}
            {imported.updated.map((n) => (
              <li key={`u-${n}`}>Updated {n}</li>
            ))}
            {imported.skipped.map((s) => (
              <li key={`s-${s.name}`}>
                Skipped {s.name}: {s.reason}
              </li>
            ))}
            {imported.workspacesAdded.map((w) => (
              <li key={`w-${w}`}>New workspace {w}</li>
            ))}
            {imported.trashAdded?.map((n) => (
              <li key={`t-${n}`}>Put {n} in the trash (restore it from Trash)</li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}

function ReviewGroup({
  title,
  tone,
  items,
  testId,
}: {
  title: string;
  tone: 'ok' | 'muted';
  items: { id: string; name: string; workspace: string; versions: number }[];
  testId: string;
}) {
  if (!items.length) return null;
  return (
    <div className={`review-group ${tone}`} data-testid={testId}>
      <h4>
        {title} <span className="muted">({items.length})</span>
      </h4>
      <ul>
        {items.map((i) => (
          <li key={i.id}>
            {i.name}{' '}
            <span className="muted small">
              in {i.workspace} · {plural(i.versions, 'version')}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
