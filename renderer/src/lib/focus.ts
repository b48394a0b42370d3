import { useLayoutEffect, type RefObject } from 'react';

/**
 * When a control that held focus is replaced by its result (Start becomes Stop, a form becomes its
 * outcome), the browser drops focus to `<body>`. Each time `key` changes this moves it to `ref`
 * instead, but only if focus was really lost: it never steals focus from where the user is.
 */
export function useRescueFocus(ref: RefObject<HTMLElement | null>, key: unknown): void {
  useLayoutEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) ref.current?.focus();
  }, [ref, key]);
}
