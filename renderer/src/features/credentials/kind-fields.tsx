/** The form's kind (standard, realtime, BYOK) and the providers that kind allows. */
import { PROVIDER_DESCRIPTORS, type ProviderId } from '../../../../shared/providers.js';
import type { Kind } from '../../../../shared/domain.js';
import { FieldError } from '../../components/dialog.js';
import { KINDS } from '../../../../shared/constants.js';
import { providersForKind } from '../../../../shared/rules.js';
import { KIND_LABELS } from '../../lib/format.js';
import { Field } from '../../components/field.js';
import { fieldErrorProps } from '../../lib/field-errors.js';
import type { GroupProps } from './form-props.js';

export function KindFields({ f, set, errors, edit, onKind }: GroupProps & { onKind: (k: Kind) => void }) {
  return (
    <>
      <fieldset className="span2" aria-describedby={errors.kind ? 'error-kind' : undefined}>
        <legend>Kind</legend>
        <div className="segmented" role="radiogroup" aria-label="Kind">
          {KINDS.map((k) => (
            <label key={k} className={f.kind === k ? 'on' : ''}>
              <input type="radio" name="kind" value={k} checked={f.kind === k} onChange={() => onKind(k)} />
              {KIND_LABELS[k]}
            </label>
          ))}
        </div>
        <p className="hint">
          {f.kind === 'standard' && 'A regular API key for server-side use.'}
          {f.kind === 'realtime' && 'A realtime-only key. Its kind can never change after creation.'}
          {f.kind === 'byok' && 'Your own provider key, routed through Inworld. One per provider per workspace.'}
        </p>
        <FieldError id="error-kind" error={errors.kind} />
      </fieldset>
      <Field
        as="select"
        label="Provider"
        name="provider"
        value={f.provider}
        disabled={!!edit}
        onChange={(e) => set('provider', e.target.value as ProviderId)}
        {...fieldErrorProps(errors, 'provider')}
      >
        {providersForKind(f.kind).map((p) => (
          <option key={p} value={p}>
            {PROVIDER_DESCRIPTORS[p].displayName}
          </option>
        ))}
      </Field>
    </>
  );
}
