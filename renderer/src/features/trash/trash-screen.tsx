/**
 * The Trash (issue 11 §3): deleted credentials, restorable until the trash is emptied (by hand, or 30
 * days after the delete). Restoring a key whose name was reused meanwhile asks for a new name, beside it.
 */
import { useEffect, useRef, useState } from 'react';
import { useRescueFocus } from '../../lib/focus.js';
import { Dialog, FieldError } from '../../components/dialog.js';
import { BusyButton } from '../../components/busy-button.js';
import { useApp } from '../../stores/app.js';
import { useQuick } from '../../stores/quick.js';
import { KIND_LABELS, providerName, relativeTime } from '../../lib/format.js';
import type { TrashItem } from '../../../../shared/ipc/quick.js';
import type { UiError } from '../../api.js';
import './trash.css';

function RestoreRow({ item }: { item: TrashItem }) {
  const restore = useQuick((s) => s.restore);
  const [asking, setAsking] = useState(item.nameTaken);
  const [name, setName] = useState(`${item.name} (restored)`);
  const [error, setError] = useState<UiError>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const e = await restore(item.id, asking ? name : undefined);
    setBusy(false);
    if (e?.code === 'NAME_TAKEN') setAsking(true);
    setError(e && (asking || e.code !== 'NAME_TAKEN') ? e : undefined);
  };
  const errId = `trash-error-${item.id}`;
  return (
    <li className="trash-row" data-testid="trash-row">
      <div className="trash-what">
        <strong>{item.name}</strong>
        <span className="muted">
          {providerName(item.provider)} · {KIND_LABELS[item.kind]} · {item.versions} version(s) · deleted{' '}
          {relativeTime(item.deletedAt)}
        </span>
      </div>
      <form
        className="trash-restore"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {asking && (
          <label>
            <span>New name (“{item.name}” is taken)</span>
            <input
              name="newName"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!error}
              aria-describedby={error ? errId : undefined}
              autoComplete="off"
            />
          </label>
        )}
        <BusyButton type="submit" busy={busy} aria-label={`Restore ${item.name}`}>
          Restore
        </BusyButton>
        <FieldError id={errId} error={error?.message} />
      </form>
    </li>
  );
}

function ConfirmEmpty({ count, onClose }: { count: number; onClose: () => void }) {
  const empty = useQuick((s) => s.emptyTrash);
  return (
    <Dialog title="Empty the trash?" onClose={onClose} testId="confirm-empty">
      <div className="form">
        <p>
          {count} credential(s) and their keychain entries are deleted for good. Services using these keys keep working
          until you revoke them at the provider.
        </p>
        <footer className="dialog-foot">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            data-testid="confirm-empty-button"
            onClick={() => {
              onClose();
              void empty();
            }}
          >
            Empty the trash
          </button>
        </footer>
      </div>
    </Dialog>
  );
}

export function TrashScreen() {
  const activeId = useApp((s) => s.activeId);
  const items = useQuick((s) => s.trash);
  const loaded = useQuick((s) => s.trashLoaded);
  const load = useQuick((s) => s.loadTrash);
  const [confirming, setConfirming] = useState(false);
  const head = useRef<HTMLHeadingElement>(null);
  // A restored row leaves the list with its button: focus goes to the heading, not to <body>.
  useRescueFocus(head, items.length);
  useEffect(() => {
    void load();
  }, [activeId, load]);
  return (
    <section className="screen trash-screen" aria-labelledby="trash-title" data-testid="trash-screen">
      <header className="screen-head">
        <h1 id="trash-title" ref={head} tabIndex={-1}>
          Trash
        </h1>
        <p className="muted">
          Deleted credentials stay here for 30 days with their keys still in the keychain. Restore one, or empty the
          trash to delete them for good.
        </p>
      </header>
      {!loaded ? (
        <p className="muted">Loading…</p>
      ) : !items.length ? (
        <p className="muted" data-testid="trash-empty">
          The trash is empty.
        </p>
      ) : (
        <>
          <ul className="trash-list" aria-label="Deleted credentials">
            {items.map((t) => (
              <RestoreRow key={t.id} item={t} />
            ))}
          </ul>
          <div>
            <button onClick={() => setConfirming(true)} data-testid="empty-trash">
              Empty the trash…
            </button>
          </div>
        </>
      )}
      {confirming && <ConfirmEmpty count={items.length} onClose={() => setConfirming(false)} />}
    </section>
  );
}
