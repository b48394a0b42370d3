import { useLayoutEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { KINDS } from '../../../../shared/constants.js';
import { KIND_LABELS, providerName, shownPrefix } from '../../lib/format.js';
import { useApp } from '../../stores/app.js';
import { useCredentials } from '../../stores/credentials.js';
import { Badges } from './badges.js';

const ROW = 60;

/** How far each listbox key moves the active option (move() clamps to the list's ends). */
const LIST_KEYS: Record<string, (page: number, count: number) => number> = {
  ArrowDown: () => 1,
  ArrowUp: () => -1,
  PageDown: (page) => page,
  PageUp: (page) => -page,
  Home: (_, count) => -count,
  End: (_, count) => count,
};

export function SearchBar() {
  const text = useCredentials((s) => s.text);
  const setText = useCredentials((s) => s.setText);
  const filters = useCredentials((s) => s.filters);
  const setFilter = useCredentials((s) => s.setFilter);
  const items = useCredentials((s) => s.items);
  const openDialog = useApp((s) => s.openDialog);
  const providers = useMemo(() => [...new Set(items.map((c) => c.provider))].sort(), [items]);
  const tags = useMemo(() => [...new Set(items.flatMap((c) => c.tags))].sort(), [items]);
  return (
    <div className="toolbar">
      <div className="search">
        <span className="search-icon" aria-hidden="true">
          ⌕
        </span>
        <input
          id="search"
          type="search"
          placeholder="Search name, tag, provider, prefix, fingerprint"
          aria-label="Search credentials"
          value={text}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            performance.mark('keydeck:search-input');
            setText(e.target.value);
          }}
        />
        <kbd className="search-kbd">/</kbd>
      </div>
      <button className="primary" onClick={() => openDialog({ type: 'add' })}>
        + Add
      </button>
      <div className="filters">
        <select
          aria-label="Filter by kind"
          value={filters.kind ?? ''}
          onChange={(e) => setFilter('kind', (e.target.value || undefined) as never)}
        >
          <option value="">All kinds</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <select
          aria-label="Filter by provider"
          value={filters.provider ?? ''}
          onChange={(e) => setFilter('provider', e.target.value)}
        >
          <option value="">All providers</option>
          {providers.map((p) => (
            <option key={p} value={p}>
              {providerName(p)}
            </option>
          ))}
        </select>
        <select
          aria-label="Filter by audience"
          value={filters.audience ?? ''}
          onChange={(e) => setFilter('audience', (e.target.value || undefined) as never)}
        >
          <option value="">All audiences</option>
          <option value="secret">Secret</option>
          <option value="public">Public</option>
        </select>
        {tags.length > 0 && (
          <select
            aria-label="Filter by tag"
            value={filters.tag ?? ''}
            onChange={(e) => setFilter('tag', e.target.value)}
          >
            <option value="">All tags</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                #{t}
              </option>
            ))}
          </select>
        )}
      </div>
    </div>
  );
}

export function CredentialList() {
  const visible = useCredentials((s) => s.visible);
  const items = useCredentials((s) => s.items);
  const loaded = useCredentials((s) => s.loaded);
  const selectedId = useCredentials((s) => s.selectedId);
  const select = useCredentials((s) => s.select);
  const move = useCredentials((s) => s.move);
  const clearFilters = useCredentials((s) => s.clearFilters);
  const policyDays = useApp((s) => s.settings?.rotationPolicyDays ?? 90);
  const openDialog = useApp((s) => s.openDialog);
  const parentRef = useRef<HTMLDivElement>(null);
  // TanStack Virtual is not compatible with the React Compiler's memoization; we use no compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW,
    overscan: 8,
    initialRect: { width: 400, height: 800 },
  });
  const selectedIndex = visible.findIndex((c) => c.id === selectedId);
  useLayoutEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  useLayoutEffect(() => {
    if (!loaded) return;
    performance.mark('keydeck:list-painted');
  }, [loaded, visible]);

  if (loaded && items.length === 0) {
    return (
      <div className="empty" data-testid="empty-state">
        <div className="empty-art" aria-hidden="true">
          <svg viewBox="0 0 16 16" width="32" height="32">
            <path
              d="M10 2.5a3.5 3.5 0 1 1-3.3 4.7L2.5 11.4V13.5h2v-1.5h1.5v-1.5h1.6l.8-.8A3.5 3.5 0 0 1 10 2.5Zm.8 2.2h.01"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        </div>
        <h2>No keys in this workspace yet</h2>
        <p>
          Add your first API key: paste it once, and Keydeck keeps it in your OS keychain. From then on, copy it as a
          header, env lines or a curl command without ever seeing it.
        </p>
        <button className="primary" onClick={() => openDialog({ type: 'add' })}>
          Add your first key
        </button>
        <p className="muted small">
          Prefer the terminal? <code>keydeck add NAME --kind standard</code>
        </p>
      </div>
    );
  }
  if (loaded && visible.length === 0) {
    return (
      <div className="empty small-empty" data-testid="no-results">
        <h2>No matches</h2>
        <p>Nothing matches this search and these filters.</p>
        <button onClick={clearFilters}>Clear search and filters</button>
      </div>
    );
  }
  return (
    <div
      className="list"
      ref={parentRef}
      role="listbox"
      aria-label="Credentials"
      aria-activedescendant={selectedId ? `row-${selectedId}` : undefined}
      tabIndex={0}
      onKeyDown={(e) => {
        // The APG listbox keys; the page's own arrow shortcut must not move the selection twice.
        const page = Math.max(1, Math.floor((parentRef.current?.clientHeight ?? ROW) / ROW) - 1);
        const delta = LIST_KEYS[e.key]?.(page, visible.length);
        if (delta === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
        e.preventDefault();
        e.stopPropagation();
        move(delta);
      }}
    >
      <div className="list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const c = visible[v.index]!;
          const selected = c.id === selectedId;
          return (
            <div
              key={c.id}
              id={`row-${c.id}`}
              role="option"
              aria-selected={selected}
              className={`row${selected ? ' selected' : ''}`}
              style={{ transform: `translateY(${v.start}px)`, height: ROW }}
              onClick={() => select(c.id)}
              data-name={c.name}
            >
              <div className={`avatar p-${c.provider}`} aria-hidden="true">
                {providerName(c.provider).slice(0, 1)}
              </div>
              <div className="row-main">
                <div className="row-top">
                  <span className="row-name">{c.name}</span>
                </div>
                <div className="row-sub">
                  <span>{providerName(c.provider)}</span>
                  <span className="mono">{shownPrefix(c.displayPrefix)}</span>
                </div>
              </div>
              <Badges cred={c} policyDays={policyDays} compact />
            </div>
          );
        })}
      </div>
    </div>
  );
}
