import type { ComponentProps, MouseEvent } from 'react';

/**
 * A button that keeps keyboard focus while it works. The `disabled` attribute would blur it and drop
 * focus to `<body>` (where Escape no longer reaches a dialog); instead a busy button is
 * `aria-disabled` and `aria-busy`, and ignores presses (including the form submit it would trigger).
 * `disabled` stays for states the user did not cause by pressing it.
 */
export function BusyButton({ busy, onClick, className, ...rest }: ComponentProps<'button'> & { busy: boolean }) {
  return (
    <button
      {...rest}
      className={`${className ?? ''}${busy ? ' busy' : ''}`.trim() || undefined}
      aria-disabled={busy || undefined}
      aria-busy={busy || undefined}
      onClick={(e: MouseEvent<HTMLButtonElement>) => {
        if (busy) {
          e.preventDefault();
          return;
        }
        onClick?.(e);
      }}
    />
  );
}
