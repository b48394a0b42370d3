/**
 * The "Copy command" card of Projects & backups: pick keys, get the `keydeck exec` line and the
 * `.keydeck` file that hold names only, and save that file into a project folder.
 */
import { useEffect, useRef, type FormEvent } from 'react';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useApp } from '../../stores/app.js';
import { useCredentials } from '../../stores/credentials.js';
import { useProjects } from '../../stores/projects.js';
import { plural } from './format.js';
import { KeyPicker } from './key-picker.js';

export function ProjectCommandCard() {
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
          <KeyPicker items={items} selected={selected} toggle={toggle} />
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
