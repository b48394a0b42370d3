/**
 * The add/edit dialog. Its state and the inputs it sends live in credential-form-state.ts; each group of
 * fields is its own component. An error from core shows under the field it names, or at the form's top.
 */
import { useState, type FormEvent } from 'react';
import type { Credential } from '../../../../shared/domain.js';
import { PROVIDER_DESCRIPTORS } from '../../../../shared/providers.js';
import { Dialog, FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { fieldErrorProps } from '../../lib/field-errors.js';
import { useApp } from '../../stores/app.js';
import { useCredentials } from '../../stores/credentials.js';
import { AccessFields } from './access-fields.js';
import {
  checkForm,
  formErrors,
  initial,
  secretOf,
  toCreateInput,
  toUpdateInput,
  withKind,
  withProvider,
  type FormErrors,
  type FormState,
} from './credential-form-state.js';
import { KindFields } from './kind-fields.js';
import { MoreOptions } from './more-options.js';
import { SecretField } from './secret-field.js';
import { BusyButton } from '../../components/busy-button.js';

export function CredentialForm({ edit }: { edit?: Credential }) {
  const close = useApp((s) => s.closeDialog);
  const create = useCredentials((s) => s.create);
  const update = useCredentials((s) => s.update);
  const [f, setF] = useState<FormState>(() => initial(edit));
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((s) => ({ ...s, [k]: v }));
  const group = { f, set, errors, edit };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const local = checkForm(f);
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setBusy(true);
    const failure = edit
      ? await update(edit.id, toUpdateInput(f, edit))
      : await create(toCreateInput(f), secretOf(f, false));
    setBusy(false);
    if (failure) setErrors(formErrors(failure));
    else close();
  }

  return (
    <Dialog title={edit ? `Edit ${edit.name}` : 'Add a credential'} onClose={close} wide testId="credential-form">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FieldError id="error-general" error={errors.general} />
        <div className="form-grid">
          <KindFields {...group} onKind={(k) => setF((s) => withKind(s, k))} />
          <Field
            label="Name"
            name="name"
            value={f.name}
            placeholder={`${PROVIDER_DESCRIPTORS[f.provider].displayName} production`}
            onChange={(e) => set('name', e.target.value)}
            autoComplete="off"
            {...fieldErrorProps(errors, 'name')}
          />
          {!edit && <SecretField {...group} onProvider={(p) => setF((s) => withProvider(s, p))} />}
          <AccessFields {...group} />
          <MoreOptions {...group} />
        </div>
        <footer className="dialog-foot">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <BusyButton type="submit" className="primary" busy={busy} data-testid="submit">
            {edit ? 'Save changes' : 'Add to keychain'}
          </BusyButton>
        </footer>
      </form>
    </Dialog>
  );
}
