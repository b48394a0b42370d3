/** The workspace dialogs: create one, and remove an empty one. */
import { useState, type FormEvent } from 'react';
import type { UiError } from '../api.js';
import { useApp } from '../stores/app.js';
import { Dialog, FieldError } from './dialog.js';

export function NewWorkspace() {
  const close = useApp((s) => s.closeDialog);
  const add = useApp((s) => s.addWorkspace);
  const [name, setName] = useState('');
  const [error, setError] = useState<UiError>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(await add(name));
  }
  return (
    <Dialog title="New workspace" onClose={close} testId="new-workspace">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          <span>Name</span>
          <input name="workspaceName" value={name} onChange={(e) => setName(e.target.value)} placeholder="Staging" />
        </label>
        <FieldError id="error-workspace" error={error?.message} />
        <footer className="dialog-foot">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Create
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

export function RemoveWorkspace({ workspaceId }: { workspaceId: string }) {
  const close = useApp((s) => s.closeDialog);
  const remove = useApp((s) => s.removeWorkspace);
  const ws = useApp((s) => s.workspaces.find((w) => w.id === workspaceId));
  const [error, setError] = useState<UiError>();
  if (!ws) return null;
  return (
    <Dialog title={`Remove workspace ${ws.name}?`} onClose={close} testId="remove-workspace">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void remove(ws.id).then(setError);
        }}
      >
        <p>
          Only an empty workspace can be removed: delete its credentials (or export a backup) first. Its JWT signing
          keys and revocations are removed with it.
        </p>
        <FieldError id="error-remove-workspace" error={error?.message} />
        <footer className="dialog-foot">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="danger" data-testid="remove-workspace-button">
            Remove
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
