/**
 * The quick-access palette (issue 11 §2): a modal `<dialog>` holding a combobox over a listbox, with the
 * active row named by `aria-activedescendant` (focus stays in the text field; ARIA APG combobox pattern,
 * https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Keys and their actions and the app's commands;
 * Enter runs the active row (a key: copy its header), → or Tab opens a key's actions, ← or Escape goes
 * back, Escape closes. Focus returns to where it was.
 */
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useCredentials } from '../../stores/credentials.js';
import { useQuick } from '../../stores/quick.js';
import { boostsFrom } from '../../lib/fuzzy.js';
import { KIND_LABELS, providerName } from '../../lib/format.js';
import type { Credential } from '../../../../shared/domain.js';
import { actionRows, paletteRows, type Row } from './rows.js';
import './palette.css';

const PAGE = 8;

function rowLabel(r: Row): string {
  if (r.type === 'key') return r.cred.name;
  if (r.type === 'action') return `${r.action.label} — ${r.cred.name}`;
  return r.command.label;
}

function KeyLine({ cred, starred }: { cred: Credential; starred: boolean }) {
  return (
    <span className="pal-sub">
      {starred && <span aria-label="Starred">★ </span>}
      {providerName(cred.provider)} · {KIND_LABELS[cred.kind]}
      {cred.tags.length > 0 && ` · ${cred.tags.map((t) => `#${t}`).join(' ')}`}
    </span>
  );
}

const optionId = (r: Row) => `pal-${r.id}`;

interface RowEvents {
  run(r: Row): void;
  hover(i: number): void;
}

/**
 * One option. Memoized: a keystroke that keeps a key among the results (same row object, same place and
 * state) does not render it again, so a keystroke costs the rows that changed, not all fifty.
 */
const PaletteRow = memo(function PaletteRow({
  row: r,
  index: i,
  on,
  starred,
  events,
}: {
  row: Row;
  index: number;
  on: boolean;
  starred: boolean;
  events: RowEvents;
}) {
  return (
    <li
      id={optionId(r)}
      role="option"
      aria-selected={on}
      className={`pal-row${on ? ' on' : ''}`}
      data-testid="palette-row"
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => events.run(r)}
      onMouseMove={() => events.hover(i)}
    >
      <span className="pal-main">{rowLabel(r)}</span>
      {r.type === 'key' ? (
        <KeyLine cred={r.cred} starred={starred} />
      ) : r.type === 'action' ? (
        <span className="pal-sub">{providerName(r.cred.provider)}</span>
      ) : (
        <span className="pal-sub">Command</span>
      )}
      {on && r.type === 'key' && (
        <span className="pal-hint" aria-hidden="true">
          Enter copies the header · → actions
        </span>
      )}
    </li>
  );
});

export function Palette() {
  const close = useQuick((s) => s.closePalette);
  const favourites = useQuick((s) => s.favourites);
  const recents = useQuick((s) => s.recents);
  const items = useCredentials((s) => s.items);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [drill, setDrill] = useState<Credential>();
  const ref = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const scrolled = useRef(false);
  const latest = useRef<RowEvents>({ run: () => undefined, hover: () => undefined });
  const events = useMemo<RowEvents>(
    () => ({ run: (r) => latest.current.run(r), hover: (i) => latest.current.hover(i) }),
    [],
  );

  const boosts = useMemo(
    () => ({ ...boostsFrom({ favourites, recents }), favouriteIds: favourites }),
    [favourites, recents],
  );
  const rows = useMemo(
    () => (drill ? actionRows(drill, query, favourites) : paletteRows(items, query, boosts)),
    [drill, query, items, boosts, favourites],
  );
  const current = rows[Math.min(active, rows.length - 1)];

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    input.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (before?.isConnected) before.focus();
    };
  }, []);

  // Read by the renderer bench: results painted for the current query.
  useLayoutEffect(() => {
    performance.mark('keydeck:palette-results');
  }, [rows]);

  // The active row stays in view. Only the list scrolls (scrollIntoView would measure every scrolling
  // ancestor, the dialog and the page, on each keystroke); a new query starts at the top.
  useLayoutEffect(() => {
    const ul = list.current;
    if (!ul) return;
    if (active === 0) {
      // Read nothing here: a layout read on each keystroke is what this avoids.
      if (scrolled.current) ul.scrollTop = 0;
      scrolled.current = false;
      return;
    }
    scrolled.current = true;
    const li = ul.children[Math.min(active, rows.length - 1)] as HTMLElement | undefined;
    if (!li) return;
    if (li.offsetTop < ul.scrollTop) ul.scrollTop = li.offsetTop;
    else if (li.offsetTop + li.offsetHeight > ul.scrollTop + ul.clientHeight)
      ul.scrollTop = li.offsetTop + li.offsetHeight - ul.clientHeight;
  }, [active, rows]);

  const move = (to: number) => setActive(rows.length ? Math.max(0, Math.min(rows.length - 1, to)) : 0);
  const type = (q: string) => {
    setQuery(q);
    setActive(0);
  };
  const enterKey = (cred: Credential) => {
    setDrill(cred);
    setQuery('');
    setActive(0);
  };
  const back = () => {
    setDrill(undefined);
    setQuery('');
    setActive(0);
  };
  const run = (r: Row | undefined) => {
    if (!r) return;
    close();
    if (r.type === 'key') void useCredentials.getState().copy(r.cred.id, 'header');
    else if (r.type === 'action') r.action.run(r.cred);
    else r.command.run();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    // Nothing typed here reaches the page's own shortcuts.
    e.stopPropagation();
    const mod = e.ctrlKey || e.metaKey;
    const caretAtEnd = input.current ? input.current.selectionStart === input.current.value.length : true;
    if (e.key === 'ArrowDown' || (mod && e.key === 'n')) move(active + 1);
    else if (e.key === 'ArrowUp' || (mod && e.key === 'p')) move(active - 1);
    else if (e.key === 'PageDown') move(active + PAGE);
    else if (e.key === 'PageUp') move(active - PAGE);
    else if (mod && e.key === 'Home') move(0);
    else if (mod && e.key === 'End') move(rows.length - 1);
    else if (e.key === 'Enter') run(current);
    else if (((e.key === 'ArrowRight' && caretAtEnd) || (e.key === 'Tab' && !e.shiftKey)) && current?.type === 'key')
      enterKey(current.cred);
    else if (e.key === 'Tab') {
      // Focus stays in the field (the only control); Shift+Tab steps back out of a key's actions.
      if (e.shiftKey && drill) back();
    } else if (e.key === 'ArrowLeft' && drill && !query) back();
    else if (e.key === 'Backspace' && drill && !query) back();
    else if (e.key === 'Escape') {
      if (drill) back();
      else close();
    } else if (mod && e.key.toLowerCase() === 'k') close();
    else return;
    e.preventDefault();
  };

  // Stable for the memoized rows; the handlers read the render's current state through the ref.
  useLayoutEffect(() => {
    latest.current = { run, hover: (i: number) => i !== active && setActive(i) };
  });
  return (
    <dialog
      ref={ref}
      className="palette"
      aria-label="Quick access"
      data-testid="palette"
      onCancel={(e) => {
        e.preventDefault();
        if (drill) back();
        else close();
      }}
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) close();
      }}
      onKeyDown={onKeyDown}
    >
      <div className="pal-box">
        {drill && (
          <p className="pal-crumb" id="pal-crumb">
            Actions for <strong>{drill.name}</strong> <span className="muted">(← back)</span>
          </p>
        )}
        <input
          ref={input}
          className="pal-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="pal-list"
          aria-autocomplete="list"
          aria-activedescendant={current ? optionId(current) : undefined}
          aria-label={drill ? `Actions for ${drill.name}` : 'Search keys and actions'}
          aria-describedby="pal-help"
          placeholder={drill ? 'Filter actions…' : 'Search keys, or type an action: curl openai, mint, #prod…'}
          value={query}
          maxLength={10_000}
          spellCheck={false}
          autoComplete="off"
          data-testid="palette-input"
          onChange={(e) => type(e.target.value)}
        />
        <ul
          ref={list}
          id="pal-list"
          role="listbox"
          aria-label="Results"
          className="pal-list"
          data-testid="palette-list"
        >
          {rows.map((r, i) => (
            <PaletteRow
              key={r.id}
              row={r}
              index={i}
              on={r === current}
              starred={r.type === 'key' && favourites.includes(r.cred.id)}
              events={events}
            />
          ))}
        </ul>
        {!rows.length && (
          <p className="pal-empty" role="status" data-testid="palette-empty">
            Nothing matches “{query.slice(0, 60)}”.
          </p>
        )}
        <p className="pal-help" id="pal-help">
          <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> run · <kbd>→</kbd> a key’s actions · <kbd>Esc</kbd>{' '}
          {drill ? 'back' : 'close'}
        </p>
      </div>
    </dialog>
  );
}
