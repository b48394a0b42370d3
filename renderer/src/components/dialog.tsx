import { useEffect, useRef, type ReactNode } from 'react';

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), ' +
  'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => el.getClientRects().length > 0 && !el.closest('[inert]'),
  );
}

/**
 * A modal dialog by construction: a native `<dialog>` opened with `showModal()`, so the page behind is
 * inert (no Tab, no click, no screen-reader reach) and the browser draws the backdrop. Tab wraps inside
 * rather than leaving for the browser's own UI; Escape (the `cancel` event, and a keydown fallback while
 * a busy control holds focus) always closes; Ctrl/Cmd+K and other keys never reach the page's
 * shortcuts; focus returns to the opener on close. See https://html.spec.whatwg.org/#the-dialog-element
 * and the ARIA APG dialog pattern (https://www.w3.org/WAI/ARIA/apg/patterns/dialog-modal/).
 */
export function Dialog({
  title,
  onClose,
  children,
  wide,
  testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>(
      'input:not([type=hidden]):not([disabled]), select, textarea, button:not(.icon)',
    );
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (before?.isConnected) before.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' wide' : ''}`}
      aria-labelledby={testId ? `${testId}-title` : undefined}
      aria-label={testId ? undefined : title}
      data-testid={testId}
      onCancel={(e) => {
        // Escape with focus anywhere in the dialog (or nowhere): React owns the closing.
        e.preventDefault();
        onClose();
      }}
      onMouseDown={(e) => {
        // A press on the backdrop targets the <dialog> itself (its content fills the box otherwise).
        if (e.target === e.currentTarget) onClose();
      }}
      onKeyDown={(e) => {
        // Nothing typed inside a dialog reaches the page's shortcuts (Ctrl+K, arrows, Enter-to-copy).
        e.stopPropagation();
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        } else if (e.key === 'Tab' && ref.current) {
          const all = tabbables(ref.current);
          if (!all.length) return;
          const i = all.indexOf(document.activeElement as HTMLElement);
          if (e.shiftKey && i <= 0) {
            e.preventDefault();
            all[all.length - 1]!.focus();
          } else if (!e.shiftKey && i === all.length - 1) {
            e.preventDefault();
            all[0]!.focus();
          }
        }
      }}
    >
      <div className="dialog-body">
        <header className="dialog-head">
          <h2 id={testId ? `${testId}-title` : undefined}>{title}</h2>
          <button type="button" className="icon" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </div>
    </dialog>
  );
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p className="field-error" id={id} role="alert" data-testid={id}>
      {error}
    </p>
  );
}
