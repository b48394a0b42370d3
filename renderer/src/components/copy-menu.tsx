import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Credential } from '../../../shared/domain.js';
import { formsFor } from '../../../shared/copy-forms.js';
import { useCredentials } from '../stores/credentials.js';

/** Hints that are app-wide shortcuts (announced as such); the others are plain tags. */
const SHORTCUTS: Record<string, string> = { Enter: 'Enter', 'Ctrl+Shift+C': 'Control+Shift+C' };

/**
 * "Copy as": every format runs in main (keychain → clipboard); the renderer never sees the value.
 *
 * An ARIA menu button: Enter, Space or ArrowDown on the caret opens the menu on its first item (ArrowUp
 * on the last); ArrowUp/ArrowDown move with wrap-around, Home/End jump, a letter jumps to the next item
 * starting with it, Enter/Space copy, Escape closes and gives focus back to the caret, Tab closes and
 * moves on. Keys handled here never reach the app-wide shortcuts (ArrowDown would change the selection).
 */
export function CopyMenu({ cred }: { cred: Credential }) {
  // Open for one credential: selecting another one while open leaves it closed.
  const [openFor, setOpenFor] = useState<string>();
  const open = openFor === cred.id;
  const setOpen = (v: boolean) => setOpenFor(v ? cred.id : undefined);
  const [active, setActive] = useState(0);
  const copy = useCredentials((s) => s.copy);
  const ref = useRef<HTMLDivElement>(null);
  const caret = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const menuId = useId();
  // The same list, names and applicability as the CLI's `snippet --as` / `copy --as`.
  const formats = formsFor(cred);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpenFor(undefined);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  // The active item always holds the focus while the menu is open.
  useEffect(() => {
    if (open) items.current[active]?.focus();
  }, [open, active]);

  const openAt = (index: number) => {
    setActive(index);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) caret.current?.focus();
  };
  const activate = (index: number) => {
    const f = formats[index];
    if (!f) return;
    close(true);
    void copy(cred.id, f.format);
  };

  const onCaretKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowDown') openAt(0);
    else if (e.key === 'ArrowUp') openAt(formats.length - 1);
    else if (e.key === 'Escape' && open) close(true);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const last = formats.length - 1;
    if (e.key === 'Tab') {
      // Focus goes back to the caret first, so the browser's Tab moves on from there.
      close(true);
      e.stopPropagation();
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowDown') setActive(active >= last ? 0 : active + 1);
    else if (e.key === 'ArrowUp') setActive(active <= 0 ? last : active - 1);
    else if (e.key === 'Home' || e.key === 'PageUp') setActive(0);
    else if (e.key === 'End' || e.key === 'PageDown') setActive(last);
    else if (e.key === 'Enter' || e.key === ' ') activate(active);
    else if (e.key === 'Escape') close(true);
    else if (e.key.length === 1 && /\S/.test(e.key)) {
      const ch = e.key.toLowerCase();
      const order = [...formats.keys()].map((i) => (active + 1 + i) % formats.length);
      const hit = order.find((i) => formats[i]!.label.replace(/^\W+/, '').toLowerCase().startsWith(ch));
      if (hit !== undefined) setActive(hit);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

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
          ref={caret}
          className="primary caret"
          aria-haspopup="menu"
          aria-expanded={open}
          aria-controls={open ? menuId : undefined}
          aria-label="Copy as…"
          title="Copy as… (ArrowDown)"
          disabled={cred.state === 'missing-secret'}
          onKeyDown={onCaretKey}
          onClick={() => (open ? close(false) : openAt(0))}
        >
          ▾
        </button>
      </div>
      {open && (
        <div
          id={menuId}
          className="menu"
          role="menu"
          aria-label="Copy as"
          onKeyDown={onMenuKey}
          onBlur={(e) => {
            // Focus left the menu and its button (a click elsewhere, a window switch): close quietly.
            if (e.relatedTarget && !ref.current?.contains(e.relatedTarget as Node)) setOpen(false);
          }}
        >
          <div className="menu-title" aria-hidden="true">
            Copy as
          </div>
          {formats.map((f, i) => (
            <button
              key={f.format}
              ref={(el) => {
                items.current[i] = el;
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              data-format={f.format}
              aria-keyshortcuts={SHORTCUTS[f.hint]}
              onMouseMove={() => {
                if (i !== active) setActive(i);
              }}
              onClick={() => activate(i)}
            >
              <span>{f.label}</span>
              {f.hint && <kbd aria-hidden={f.hint in SHORTCUTS ? true : undefined}>{f.hint}</kbd>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
