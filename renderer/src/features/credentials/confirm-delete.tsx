/** Delete asks for the credential's name first; it moves to the trash (Undo, or restore from Trash). */
import { useState } from 'react';
import type { Credential } from '../../../../shared/domain.js';
import { Dialog } from '../../components/dialog.js';
import { useApp } from '../../stores/app.js';
import { useCredentials } from '../../stores/credentials.js';

export function ConfirmDelete({ cred }: { cred: Credential }) {
  const close = useApp((s) => s.closeDialog);
  const remove = useCredentials((s) => s.remove);
  const [typed, setTyped] = useState('');
  return (
    <Dialog title={`Delete ${cred.name}?`} onClose={close} testId="confirm-delete">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed !== cred.name) return;
          close();
          void remove(cred.id);
        }}
      >
        <p>
          It moves to the Trash with its {cred.versions.length} version(s): you can undo or restore it for 30 days, then
          its keys leave the keychain. Services using this key keep working until you revoke it at the provider.
        </p>
        <label>
          <span>
            Type <strong>{cred.name}</strong> to confirm
          </span>
          <input name="confirmName" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
        </label>
        <footer className="dialog-foot">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={typed !== cred.name} data-testid="confirm-delete-button">
            Delete
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
