/**
 * "Projects & backups": the `keydeck exec` command (and `.keydeck` file) that runs a project with its
 * keys in the environment, and encrypted age backups (export, and import with a review step before
 * anything is overwritten). Copies go through main's clipboard guard; passphrases live only in this
 * component's state until the one call that needs them, then are cleared.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useApp } from '../../stores/app.js';
import { useCredentials } from '../../stores/credentials.js';
import { useProjects } from '../../stores/projects.js';
import { formatBytes, plural } from './format.js';
import './work.css';

export function ProjectsScreen() {
  return (
    <section className="screen work-screen" aria-labelledby="projects-title" data-testid="projects-screen">
      <header className="screen-head">
        <h1 id="projects-title">Projects &amp; backups</h1>
        <p className="muted">
          Run a project with its keys in the environment, without writing them to a file. Back up everything to one
          encrypted file.
        </p>
      </header>
      <ProjectCommandCard />
      <ExportCard />
      <ImportCard />
    </section>
  );
}

function ProjectCommandCard() {
  const items = useCredentials((s) => s.items);
  const loaded = useCredentials((s) => s.loaded);
  const selected = useProjects((s) => s.selected);
  const command = useProjects((s) => s.command);
  const result = useProjects((s) => s.result);
  const error = useProjects((s) => s.commandError);
  const { toggle, setCommand, copy, refresh } = useProjects.getState();
  const setScreen = useApp((s) => s.setScreen);
  const activeId = useApp((s) => s.activeId);
  const live = items.filter((c) => selected.includes(c.name));

  useEffect(() => {
    void refresh();
  }, [refresh, activeId, items]);

  return (
    <section className="card form project-card" aria-labelledby="project-title" data-testid="project-card">
      <div>
        <h3 id="project-title">Copy command</h3>
        <p className="muted small">
          Pick the keys a project needs. <code>keydeck exec</code> puts them in the command’s environment and masks them
          in its output; the line itself holds names only.
        </p>
      </div>
      {loaded && items.length === 0 ? (
        <div className="inline-empty" data-testid="project-empty">
          <p>This workspace has no keys yet. Add one first, then come back to build the command.</p>
          <button type="button" onClick={() => setScreen('credentials')}>
            Go to Credentials
          </button>
        </div>
      ) : (
        <fieldset>
          <legend>
            Credentials <span className="muted">({live.length} selected)</span>
          </legend>
          <div className="pick-list" role="group" aria-label="Credentials to inject">
            {items.map((c) => (
              <label key={c.id} className="check pick">
                <input
                  type="checkbox"
                  name={`pick-${c.name}`}
                  checked={selected.includes(c.name)}
                  onChange={() => toggle(c.name)}
                />
                <span className="pick-name">{c.name}</span>
                <code className="pick-var">{c.envVar}</code>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <Field
        label="Command"
        name="exec-command"
        className="mono"
        value={command}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        onChange={(e) => setCommand(e.target.value)}
      />
      <FieldError id="error-command" error={error?.message} />
      {result && live.length > 0 && (
        <>
          <div className="copy-row">
            <pre className="code-block" data-testid="exec-command">
              {result.command}
            </pre>
            <button type="button" className="primary" onClick={() => void copy('command')} data-testid="copy-command">
              Copy command
            </button>
          </div>
          <p className="small muted">
            Sets {result.env.map((e) => e.envVar).join(', ')}. Paste it in the project folder’s terminal.
          </p>
          <div className="copy-row">
            <pre className="code-block" data-testid="project-file">
              {result.projectFile}
            </pre>
            <button type="button" onClick={() => void copy('project-file')} data-testid="copy-project-file">
              Copy .keydeck
            </button>
          </div>
          <p className="small muted">
            Save this as <code>.keydeck</code> in the project folder (below, or paste it there): then{' '}
            <code>keydeck exec -- {command.trim()}</code> needs no flags.
          </p>
          <SaveProjectFile count={live.length} command={command.trim()} />
        </>
      )}
      {!live.length && items.length > 0 && (
        <p className="small muted" data-testid="project-hint">
          Select at least one credential to see the command.
        </p>
      )}
    </section>
  );
}

/** "Save .keydeck to this folder": written in main (names only, 0644); an existing file is replaced only once confirmed. */
function SaveProjectFile({ count, command }: { count: number; command: string }) {
  const folder = useProjects((s) => s.saveFolder);
  const saving = useProjects((s) => s.saving);
  const saved = useProjects((s) => s.saved);
  const error = useProjects((s) => s.saveError);
  const ask = useProjects((s) => s.replaceAsk);
  const { setSaveFolder, saveProjectFile, keepExisting } = useProjects.getState();
  const keepRef = useRef<HTMLButtonElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const focusField = () => (formRef.current?.elements.namedItem('project-folder') as HTMLInputElement | null)?.focus();

  // The question takes the focus on its safe answer; answering gives it back to the field.
  useEffect(() => {
    if (ask) keepRef.current?.focus();
  }, [ask]);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!saving) void saveProjectFile();
  }

  return (
    <form
      ref={formRef}
      className="save-project"
      onSubmit={submit}
      noValidate
      aria-labelledby="save-project-title"
      data-testid="save-project-form"
    >
      <h4 id="save-project-title">Save .keydeck to this folder</h4>
      <div className="save-row">
        <Field
          labelClassName="save-folder"
          label="Project folder"
          name="project-folder"
          className="mono"
          placeholder="~/projects/my-app"
          value={folder}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'error-project-folder' : 'save-project-hint'}
          onChange={(e) => setSaveFolder(e.target.value)}
        />
        <button type="submit" className="primary" disabled={saving || !!ask} data-testid="save-project-file">
          {saving ? 'Saving…' : 'Save .keydeck'}
        </button>
      </div>
      <FieldError id="error-project-folder" error={error?.message} />
      {!error && !ask && !saved && (
        <p className="small muted" id="save-project-hint">
          An existing folder, absolute or starting with <code>~/</code>. The file lists names only, never a key.
        </p>
      )}
      {ask && (
        <div className="callout warn" role="alert" data-testid="replace-confirm">
          <p>
            This folder already has a <code>.keydeck</code>. Replace it with the {plural(count, 'name')} above?
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="danger"
              disabled={saving}
              onClick={() => void saveProjectFile(true).then(() => focusField())}
              data-testid="replace-project-file"
            >
              Replace .keydeck
            </button>
            <button
              type="button"
              ref={keepRef}
              onClick={() => {
                keepExisting();
                focusField();
              }}
              data-testid="keep-project-file"
            >
              Keep the existing file
            </button>
          </div>
        </div>
      )}
      {saved && (
        <div className="callout ok" role="status" data-testid="save-result">
          {saved.replaced ? 'Replaced' : 'Saved'} <code>{saved.path}</code> with{' '}
          {plural(saved.credentials.length, 'name')} and no secret. In that folder,{' '}
          <code className="nowrap">keydeck exec -- {command}</code> now needs no flags.
        </div>
      )}
    </form>
  );
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function ExportCard() {
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

function ImportCard() {
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
