import { useToasts } from '../stores/toasts.js';

/** Results and errors; the live region makes screen readers announce each one. */
export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite" aria-relevant="additions text">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.tone}`} data-testid="toast">
          <div>
            <strong>{t.title}</strong>
            {t.detail && <p>{t.detail}</p>}
            {t.code && <code>{t.code}</code>}
          </div>
          {t.action && (
            <button
              className="toast-action"
              data-testid="toast-action"
              onClick={() => {
                dismiss(t.id);
                t.action!.run();
              }}
            >
              {t.action.label}
            </button>
          )}
          <button className="icon" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
