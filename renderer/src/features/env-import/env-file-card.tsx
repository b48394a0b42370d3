/** "Import a .env file" in Projects: type the file's path (or drop the file on the window), then preview. */
import type { FormEvent } from 'react';
import { Field } from '../../components/field.js';
import { useEnvImport } from '../../stores/env-import.js';

export function EnvFileCard() {
  const path = useEnvImport((s) => s.path);
  const busy = useEnvImport((s) => s.busy);
  const open = useEnvImport((s) => s.open);
  const error = useEnvImport((s) => s.error);
  const { setPath, preview } = useEnvImport.getState();
  function submit(e: FormEvent) {
    e.preventDefault();
    void preview();
  }
  return (
    <form className="card form" aria-labelledby="env-file-title" data-testid="env-file-card" onSubmit={submit}>
      <div>
        <h3 id="env-file-title">Import a .env file</h3>
        <p className="muted small">
          Moves the keys of a plaintext <code>.env</code> into Keydeck and leaves <code>keydeck://</code> references in
          the file. You see every variable first; nothing changes until you import. You can also drop the file on the
          window.
        </p>
      </div>
      <Field
        label="File"
        name="env-file"
        className="mono"
        placeholder="~/code/app/.env"
        value={path}
        spellCheck={false}
        autoComplete="off"
        errorId="error-env-file"
        error={!open ? error?.message : undefined}
        onChange={(e) => setPath(e.target.value)}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="env-file-preview">
          Preview
        </button>
      </div>
    </form>
  );
}
