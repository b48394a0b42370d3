/** The form's folded "More options": env var, base URL, expiry and note (open when editing). */
import { PROVIDER_DESCRIPTORS } from '../../../../shared/providers.js';
import { defaultEnvVar } from '../../../../shared/rules.js';
import { Field } from '../../components/field.js';
import { fieldErrorProps } from '../../lib/field-errors.js';
import type { GroupProps } from './form-props.js';

export function MoreOptions({ f, set, errors, edit }: GroupProps) {
  const desc = PROVIDER_DESCRIPTORS[f.provider];
  // An error inside keeps the section open, so it is seen.
  const open = !!edit || !!(errors.envVar || errors.baseUrl || errors.expires || errors.note);
  return (
    <details className="span2 more" open={open}>
      <summary>More options</summary>
      <div className="form-grid">
        <Field
          label="Env var"
          name="envVar"
          value={f.envVar}
          placeholder={defaultEnvVar(f.kind, f.provider)}
          onChange={(e) => set('envVar', e.target.value)}
          spellCheck={false}
          {...fieldErrorProps(errors, 'envVar')}
        />
        <Field
          label="Base URL"
          name="baseUrl"
          value={f.baseUrl}
          placeholder={desc.baseUrl || 'https://api.example.com'}
          onChange={(e) => set('baseUrl', e.target.value)}
          spellCheck={false}
          {...fieldErrorProps(errors, 'baseUrl')}
        />
        <Field
          label="Expires"
          name="expires"
          type="date"
          value={f.expires}
          onChange={(e) => set('expires', e.target.value)}
          {...fieldErrorProps(errors, 'expires')}
        />
        <Field
          label="Note"
          name="note"
          value={f.note}
          onChange={(e) => set('note', e.target.value)}
          {...fieldErrorProps(errors, 'note')}
        />
      </div>
    </details>
  );
}
