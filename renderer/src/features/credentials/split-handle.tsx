/**
 * The handle between the list and the stacked detail pane in narrow windows (below 940 px, where the
 * detail sits under the list): a window splitter as the ARIA practices describe it. Drag it, or focus it
 * and use ArrowUp/ArrowDown (PageUp/PageDown: bigger steps), Home/End for the ends, Enter to collapse the
 * details to the list alone and back. Its button does the same for a pointer. The share is kept per
 * window (localStorage), as a layout choice, not data.
 */
import { useCallback, useEffect, useState, type KeyboardEvent, type PointerEvent } from 'react';

const KEY = 'keydeck.listShare';
export const SHARE = { min: 25, max: 85, initial: 62 } as const;

function clamp(n: number): number {
  return Math.min(SHARE.max, Math.max(SHARE.min, Math.round(n)));
}

function stored(): number {
  try {
    const n = Number(localStorage.getItem(KEY));
    return Number.isFinite(n) && n > 0 ? clamp(n) : SHARE.initial;
  } catch {
    return SHARE.initial;
  }
}

/** The list's share of the height (percent) and whether the details are folded away. */
export function useSplit() {
  const [share, setShareState] = useState(stored);
  const [collapsed, setCollapsed] = useState(false);
  const setShare = useCallback((n: number) => setShareState(clamp(n)), []);
  useEffect(() => {
    try {
      localStorage.setItem(KEY, String(share));
    } catch {
      // A layout preference that cannot be kept is simply not kept.
    }
  }, [share]);
  return { share, setShare, collapsed, setCollapsed };
}

const STEPS: Record<string, (share: number) => number> = {
  ArrowUp: (s) => s - 5,
  ArrowDown: (s) => s + 5,
  PageUp: (s) => s - 15,
  PageDown: (s) => s + 15,
  Home: () => SHARE.min,
  End: () => SHARE.max,
};

export function SplitHandle({
  share,
  setShare,
  collapsed,
  setCollapsed,
  container,
  detailName,
}: ReturnType<typeof useSplit> & { container: () => HTMLElement | null; detailName?: string }) {
  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Enter') {
      // Enter is the splitter's own here: the list's Enter (copy the header) must not see it.
      e.preventDefault();
      e.stopPropagation();
      setCollapsed(!collapsed);
      return;
    }
    const step = STEPS[e.key];
    if (!step) return;
    e.preventDefault();
    e.stopPropagation();
    setCollapsed(false);
    setShare(step(share));
  }
  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    if (e.button !== 0 || (e.target as HTMLElement).closest('button')) return;
    const box = container()?.getBoundingClientRect();
    if (!box) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => {
      setCollapsed(false);
      setShare(((ev.clientY - box.top) / box.height) * 100);
    };
    const el = e.currentTarget;
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  }
  return (
    <div className="split-handle" data-testid="split-handle">
      <div
        className="split-grip"
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize the list and the details"
        aria-controls="credential-list-pane credential-detail-pane"
        aria-valuemin={SHARE.min}
        aria-valuemax={100}
        aria-valuenow={collapsed ? 100 : share}
        aria-valuetext={collapsed ? 'details hidden' : `list ${share}% of the height`}
        tabIndex={0}
        onKeyDown={onKey}
        onPointerDown={onPointerDown}
      >
        <span className="grip-dots" aria-hidden="true" />
      </div>
      <button
        type="button"
        className="small-btn split-toggle"
        aria-expanded={!collapsed}
        aria-controls="credential-detail-pane"
        onClick={() => setCollapsed(!collapsed)}
        data-testid="toggle-details"
      >
        {collapsed ? `Show details${detailName ? ` of ${detailName}` : ''}` : 'Hide details'}
      </button>
    </div>
  );
}
