/** Delete asks for the credential's name first: the keychain entries go with it. */
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
          This removes all {cred.versions.length} version(s) from the keychain. Services using this key keep working
          until you revoke it at the provider, but Keydeck can no longer copy it.
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
