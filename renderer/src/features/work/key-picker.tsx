/**
 * The Projects key picker: a search over the workspace's keys (the credential list's own matcher) and a
 * virtualized list of checkboxes, so 10,000 keys cost a screenful of rows. Each row puts its checkbox
 * first and wraps a long name (up to 120 characters and more) under it, so no name hides its checkbox;
 * the full name is also the row's title.
 */
import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Credential } from '../../../../shared/domain.js';
import { filterCredentials } from '../../lib/filter.js';

export interface KeyPickerProps {
  items: readonly Credential[];
  /** Names of the picked keys. */
  selected: readonly string[];
  toggle(name: string): void;
}

export function KeyPicker({ items, selected, toggle }: KeyPickerProps) {
  const [text, setText] = useState('');
  const [onlyPicked, setOnlyPicked] = useState(false);
  const picked = useMemo(() => new Set(selected), [selected]);
  const shown = useMemo(() => {
    const found = filterCredentials(items, text, {});
    return onlyPicked ? found.filter((c) => picked.has(c.name)) : found;
  }, [items, text, onlyPicked, picked]);
  const parentRef = useRef<HTMLDivElement>(null);
  // TanStack Virtual is not compatible with the React Compiler's memoization; we use no compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 34,
    overscan: 6,
    getItemKey: (i) => shown[i]!.id,
    initialRect: { width: 400, height: 220 },
  });
  return (
    <div className="key-picker">
      <div className="pick-tools">
        <input
          type="search"
          name="pick-search"
          aria-label="Search keys to pick"
          aria-controls="pick-list"
          placeholder={`Search ${items.length.toLocaleString()} keys`}
          value={text}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="check pick-only">
          <input type="checkbox" checked={onlyPicked} onChange={(e) => setOnlyPicked(e.target.checked)} />
          Selected only
        </label>
      </div>
      <p className="small muted pick-count" role="status" data-testid="pick-count">
        {shown.length === items.length
          ? `${items.length.toLocaleString()} keys`
          : `${shown.length.toLocaleString()} of ${items.length.toLocaleString()} keys`}
      </p>
      <div
        className="pick-list"
        id="pick-list"
        ref={parentRef}
        role="group"
        aria-label="Credentials to inject"
        data-testid="pick-list"
      >
        {shown.length === 0 ? (
          <p className="muted small pick-none">No key matches “{text.slice(0, 80)}”.</p>
        ) : (
          <div className="pick-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const c = shown[v.index]!;
              return (
                <label
                  key={v.key}
                  ref={virtualizer.measureElement}
                  data-index={v.index}
                  className="check pick"
                  style={{ transform: `translateY(${v.start}px)` }}
                  title={c.name}
                >
                  <input
                    type="checkbox"
                    name={`pick-${c.name}`}
                    checked={picked.has(c.name)}
                    onChange={() => toggle(c.name)}
                  />
                  <span className="pick-text">
                    <span className="pick-name">{c.name}</span>
                    <code className="pick-var">{c.envVar}</code>
                  </span>
                </label>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
