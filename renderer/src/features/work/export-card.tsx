/**
 * The "Export backup" card: one age file (passphrase or recipients). The passphrase lives only in
 * this component's state until the export call, then is cleared.
 */
import { useState, type FormEvent } from 'react';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useApp } from '../../stores/app.js';
import { useProjects } from '../../stores/projects.js';
import { formatBytes, plural } from './format.js';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function ExportCard() {
  const workspaces = useApp((s) => s.workspaces);
  const exporting = useProjects((s) => s.exporting);
  const exported = useProjects((s) => s.exported);
  const error = useProjects((s) => s.exportError);
  const exportBackup = useProjects((s) => s.exportBackup);
  const clearErrors = useProjects((s) => s.clearErrors);
  const [scope, setScope] = useState('');
  const [mode, setMode] = useState<'passphrase' | 'recipients'>('passphrase');
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [recipients, setRecipients] = useState('');
  const [output, setOutput] = useState(() => `~/keydeck-backup-${today()}.age`);
  const [overwrite, setOverwrite] = useState(false);
  const [local, setLocal] = useState<{ field: string; message: string }>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setLocal(undefined);
    if (!output.trim())
      return setLocal({ field: 'output', message: 'Give the file to write, like ~/keydeck-backup.age.' });
    if (mode === 'passphrase') {
      if (!pass) return setLocal({ field: 'pass', message: 'Choose a passphrase.' });
      if (pass !== again) return setLocal({ field: 'again', message: 'The two passphrases differ.' });
    }
    const list = recipients
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter(Boolean);
    if (mode === 'recipients' && !list.length)
      return setLocal({ field: 'recipients', message: 'Give at least one age recipient (age1…).' });
    await exportBackup({
      output: output.trim(),
      ...(scope ? { workspace: scope } : {}),
      ...(mode === 'passphrase' ? { passphrase: pass } : { recipients: list }),
      ...(overwrite ? { overwrite: true } : {}),
    });
    // The passphrase is not kept once it has been used.
    setPass('');
    setAgain('');
  }

  const err = (field: string) => (local?.field === field ? local.message : undefined);
  // The error shows under its field; the field is marked invalid but not described by it.
  const exportError = (field: string, errorId: string) => ({
    errorId,
    error: err(field),
    'aria-invalid': err(field) ? true : undefined,
    'aria-describedby': undefined,
  });
  return (
    <form
      className="card form backup-card"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="export-title"
      data-testid="export-form"
      onChange={clearErrors}
    >
      <div>
        <h3 id="export-title">Export backup</h3>
        <p className="muted small">
          One file in the standard age format with every key version and its details. It also opens with{' '}
          <code>age -d</code>.
        </p>
      </div>
      <div className="form-grid">
        <Field as="select" label="What" name="export-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="">Everything (all workspaces)</option>
          {workspaces.map((w) => (
            <option key={w.id} value={w.name}>
              Workspace “{w.name}”
            </option>
          ))}
        </Field>
        <fieldset>
          <legend>Encrypt to</legend>
          <div className="segmented small" role="radiogroup" aria-label="Encrypt to">
            <label className={mode === 'passphrase' ? 'on' : ''}>
              <input
                type="radio"
                name="export-mode"
                checked={mode === 'passphrase'}
                onChange={() => setMode('passphrase')}
              />
              Passphrase
            </label>
            <label className={mode === 'recipients' ? 'on' : ''}>
              <input
                type="radio"
                name="export-mode"
                checked={mode === 'recipients'}
                onChange={() => setMode('recipients')}
              />
              age recipients
            </label>
          </div>
        </fieldset>
        {mode === 'passphrase' ? (
          <>
            <Field
              label="Passphrase"
              type="password"
              name="export-passphrase"
              autoComplete="new-password"
              value={pass}
              {...exportError('pass', 'error-export-pass')}
              onChange={(e) => setPass(e.target.value)}
            />
            <Field
              label="Repeat the passphrase"
              type="password"
              name="export-passphrase-again"
              autoComplete="new-password"
              value={again}
              {...exportError('again', 'error-export-again')}
              onChange={(e) => setAgain(e.target.value)}
            />
          </>
        ) : (
          <Field
            as="textarea"
            labelClassName="span2"
            label="Recipients (one age1… public key per line)"
            name="export-recipients"
            rows={3}
            spellCheck={false}
            value={recipients}
            {...exportError('recipients', 'error-export-recipients')}
            onChange={(e) => setRecipients(e.target.value)}
          />
        )}
        <Field
          labelClassName="span2"
          label="Write to file"
          name="export-output"
          className="mono"
          value={output}
          spellCheck={false}
          autoComplete="off"
          {...exportError('output', 'error-export-output')}
          onChange={(e) => setOutput(e.target.value)}
        />
      </div>
      <label className="check">
        <input
          type="checkbox"
          name="export-overwrite"
          checked={overwrite}
          onChange={(e) => setOverwrite(e.target.checked)}
        />
        Replace the file if it exists
      </label>
      <FieldError id="error-export" error={error?.message} />
      <footer className="form-actions">
        <button type="submit" className="primary" disabled={exporting} data-testid="export-submit">
          {exporting ? 'Encrypting…' : 'Export backup'}
        </button>
      </footer>
      {exported && (
        <div className="callout ok" role="status" data-testid="export-result">
          Wrote <strong>{plural(exported.credentials, 'credential')}</strong>,{' '}
          {plural(exported.versions, 'secret version')} and {plural(exported.workspaces, 'workspace')} to{' '}
          <code>{exported.path}</code> ({formatBytes(exported.bytes)}, encrypted to{' '}
          {exported.encryptedTo === 'passphrase' ? 'a passphrase' : plural(exported.recipients, 'recipient')}).
          {exported.missing.length > 0 && (
            <span>
              {' '}
              Metadata only for {exported.missing.map((m) => `${m.name} v${m.version}`).join(', ')} (not in the
              keychain).
            </span>
          )}
        </div>
      )}
    </form>
  );
}
