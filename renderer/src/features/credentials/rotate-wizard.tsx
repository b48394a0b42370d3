import { useState, type FormEvent } from 'react';
import './credentials.css';
import type { Credential } from '../../../../shared/domain.js';
import type { UiError } from '../../api.js';
import { shownPrefix } from '../../lib/format.js';
import { useApp } from '../../stores/app.js';
import { useCredentials } from '../../stores/credentials.js';
import { Dialog, FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { errorField } from '../../lib/field-errors.js';
import { FormatHint } from '../validation/format-hint.js';
import { RotationSteps } from '../validation/rotation-steps.js';
import { BusyButton } from '../../components/busy-button.js';

const SECRET_CODES = ['EMPTY_SECRET', 'INVALID_SECRET', 'SECRET_TOO_LARGE', 'INVALID_BASIC_CREDENTIAL'];

/** A secret error goes under the new key's field; any other (keychain, not found…) at the form's top. */
function rotateErrorField(e: UiError): 'secret' | 'general' {
  return errorField(e, ['secret'] as const, { newSecret: 'secret' }, (x) =>
    SECRET_CODES.includes(x.code) ? 'secret' : undefined,
  );
}

/** Rotate in three steps: paste the new key; both versions work during the overlap; retire the old. */
export function RotateWizard({ cred }: { cred: Credential }) {
  const close = useApp((s) => s.closeDialog);
  const overlap = useApp((s) => s.settings?.rotationOverlapHours ?? 24);
  const rotate = useCredentials((s) => s.rotate);
  const retire = useCredentials((s) => s.retire);
  const live = useCredentials((s) => s.items.find((c) => c.id === cred.id)) ?? cred;
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<UiError>();
  const [step, setStep] = useState<1 | 2 | 3>(1);
  const [busy, setBusy] = useState(false);
  const where = error ? rotateErrorField(error) : undefined;
  const [oldVersion] = useState(() => cred.versions.find((v) => v.status === 'active')?.version);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const failure = await rotate(cred.id, secret);
    setBusy(false);
    if (failure) setError(failure);
    else {
      setSecret('');
      setStep(2);
    }
  }

  return (
    <Dialog title={`Rotate ${cred.name}`} onClose={close} testId="rotate-wizard">
      <ol className="steps" aria-label="Steps">
        <li className={step === 1 ? 'on' : 'done'}>New key</li>
        <li className={step === 2 ? 'on' : step > 2 ? 'done' : ''}>Overlap</li>
        <li className={step === 3 ? 'on' : ''}>Retire old</li>
      </ol>
      {step === 1 && (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <p>
            Create the new key in {cred.provider === 'custom' ? 'your provider' : 'the provider console'}, then paste it
            here. The current version stays usable for {overlap} h so running services can switch over.
          </p>
          <FieldError id="error-rotate-general" error={where === 'general' ? error?.message : undefined} />
          <RotationSteps provider={cred.provider} />
          <Field
            label="New key"
            name="newSecret"
            type="password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoComplete="off"
            aria-invalid={where === 'secret'}
            aria-describedby={where === 'secret' ? 'format-check error-rotate' : 'format-check'}
            spellCheck={false}
          />
          <FormatHint provider={cred.provider} value={secret} authScheme={cred.authScheme} />
          <FieldError id="error-rotate" error={where === 'secret' ? error?.message : undefined} />
          <footer className="dialog-foot">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <BusyButton className="primary" type="submit" busy={busy} data-testid="rotate-submit">
              Rotate
            </BusyButton>
          </footer>
        </form>
      )}
      {step >= 2 && (
        <div className="form">
          <p>{step === 2 ? 'Both versions are active during the overlap:' : 'Done. Versions:'}</p>
          <ul className="versions" data-testid="rotate-versions">
            {[...live.versions].reverse().map((v) => (
              <li key={v.version} data-version={v.version} data-status={v.status}>
                <span className="v-num">v{v.version}</span>
                <span className={`badge status-${v.status}`}>{v.status}</span>
                <span className="mono">{shownPrefix(v.displayPrefix)}</span>
                {v.retiringUntil && v.status === 'retiring' && (
                  <span className="muted small">until {new Date(v.retiringUntil).toLocaleString()}</span>
                )}
              </li>
            ))}
          </ul>
          <footer className="dialog-foot">
            {step === 2 &&
            oldVersion !== undefined &&
            live.versions.some((v) => v.version === oldVersion && v.status === 'retiring') ? (
              <>
                <button onClick={close}>Keep overlap</button>
                <button
                  className="primary"
                  data-testid="retire-old"
                  onClick={() => void retire(cred.id, oldVersion).then(() => setStep(3))}
                >
                  Retire v{oldVersion} now
                </button>
              </>
            ) : (
              <button className="primary" onClick={close}>
                Done
              </button>
            )}
          </footer>
        </div>
      )}
    </Dialog>
  );
}
