/**
 * The global shortcut setting (issue 11 §2): an Electron accelerator that shows the window with the
 * palette open. A malformed one, or one another application holds, is refused beside the field; the
 * field stays editable and the previous shortcut keeps working.
 */
import { useEffect, useState } from 'react';
import { Field } from '../../components/field.js';
import { BusyButton } from '../../components/busy-button.js';
import { useQuick } from '../../stores/quick.js';
import type { UiError } from '../../api.js';
import { DEFAULT_GLOBAL_SHORTCUT } from '../../../../shared/constants.js';

export function ShortcutSetting() {
  const status = useQuick((s) => s.shortcut);
  const save = useQuick((s) => s.setShortcut);
  const load = useQuick((s) => s.loadPrefs);
  const [value, setValue] = useState<string>();
  const [error, setError] = useState<UiError>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void load();
  }, [load]);
  const shown = value ?? status?.accelerator ?? DEFAULT_GLOBAL_SHORTCUT;
  return (
    <section className="card" aria-labelledby="shortcut-title" data-testid="shortcut-setting">
      <h3 id="shortcut-title">Quick access</h3>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          void save(shown).then((err) => {
            setBusy(false);
            setError(err);
            if (!err) setValue(undefined);
          });
        }}
      >
        <Field
          label="Global shortcut"
          name="globalShortcut"
          value={shown}
          onChange={(e) => setValue(e.target.value)}
          errorId="error-globalShortcut"
          error={error?.message}
          spellCheck={false}
          autoComplete="off"
          hint={
            <>
              Shows Keydeck with the palette open, from any application. Electron’s form, e.g.{' '}
              <code>CommandOrControl+Shift+Space</code>; empty turns it off. Inside Keydeck, <kbd>Ctrl</kbd>+
              <kbd>K</kbd> opens the palette.
            </>
          }
        />
        {status && !error && (
          <p className={status.registered ? 'muted' : 'callout'} role="status" data-testid="shortcut-status">
            {status.registered
              ? `${status.accelerator} is active.`
              : status.accelerator
                ? (status.message ?? `${status.accelerator} is not active.`)
                : 'No global shortcut.'}
          </p>
        )}
        <footer className="dialog-foot">
          <BusyButton type="submit" busy={busy}>
            Save shortcut
          </BusyButton>
        </footer>
      </form>
    </section>
  );
}
