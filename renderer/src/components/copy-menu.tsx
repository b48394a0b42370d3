import { useEffect, useRef, useState } from 'react';
import type { Credential } from '../../../shared/domain.js';
import { COPY_FORMAT_LABELS } from '../lib/format.js';
import { useCredentials } from '../stores/credentials.js';

/** "Copy as": every format runs in main (keychain → clipboard); the renderer never sees the value. */
export function CopyMenu({ cred }: { cred: Credential }) {
  const [open, setOpen] = useState(false);
  const copy = useCredentials((s) => s.copy);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const formats = COPY_FORMAT_LABELS.filter((f) => f.format !== 'provider-credentials' || cred.kind === 'byok');
  return (
    <div className="menu-anchor" ref={ref}>
      <div className="split">
        <button
          className="primary"
          onClick={() => void copy(cred.id, 'header')}
          title="Copy the header (Enter)"
          disabled={cred.state === 'missing-secret'}
        >
          Copy header
        </button>
        <button
          className="primary caret"
          aria-haspopup="menu"
          aria-expanded={open}
          aria-label="Copy as…"
          disabled={cred.state === 'missing-secret'}
          onClick={() => setOpen(!open)}
        >
          ▾
        </button>
      </div>
      {open && (
        <div
          className="menu"
          role="menu"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <div className="menu-title">Copy as</div>
          {formats.map((f) => (
            <button
              key={f.format}
              role="menuitem"
              data-format={f.format}
              onClick={() => {
                setOpen(false);
                void copy(cred.id, f.format);
              }}
            >
              <span>{f.label}</span>
              {f.hint && <kbd>{f.hint}</kbd>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
