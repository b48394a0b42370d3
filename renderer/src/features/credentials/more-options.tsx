/** The form's folded "More options": env var, base URL, auth scheme, expiry and note (open when editing). */
import { PROVIDER_DESCRIPTORS } from '../../../../shared/providers.js';
import { defaultEnvVar } from '../../../../shared/rules.js';
import { Field } from '../../components/field.js';
import { fieldErrorProps } from '../../lib/field-errors.js';
import type { FormState } from './credential-form-state.js';
import type { GroupProps } from './form-props.js';

/** How a scheme reads in the menu: `Authorization: Bearer`, `Authorization: Basic`, or the header's name. */
function describe(scheme: string): string {
  return scheme.startsWith('header:')
    ? `${scheme.slice('header:'.length)} header`
    : `Authorization: ${scheme === 'basic' ? 'Basic' : 'Bearer'}`;
}

/** The auth scheme: the provider's own, Bearer, Basic, or a header of its own (named next to it). */
function AuthFields({ f, set, errors }: GroupProps) {
  const own = PROVIDER_DESCRIPTORS[f.provider].authScheme;
  return (
    <>
      <Field
        as="select"
        label="Auth"
        name="authScheme"
        value={f.auth}
        onChange={(e) => set('auth', e.target.value as FormState['auth'])}
        {...(f.auth === 'header' ? {} : fieldErrorProps(errors, 'authScheme'))}
      >
        <option value="">Provider default ({describe(own)})</option>
        <option value="bearer">Authorization: Bearer</option>
        <option value="basic">Authorization: Basic</option>
        <option value="header">A header of its own…</option>
      </Field>
      {f.auth === 'header' && (
        <Field
          label="Header name"
          name="authHeader"
          value={f.authHeader}
          placeholder="X-Api-Key"
          onChange={(e) => set('authHeader', e.target.value)}
          spellCheck={false}
          autoComplete="off"
          {...fieldErrorProps(errors, 'authScheme')}
        />
      )}
    </>
  );
}

export function MoreOptions({ f, set, errors, edit }: GroupProps) {
  const desc = PROVIDER_DESCRIPTORS[f.provider];
  // An error inside keeps the section open, so it is seen.
  const open = !!edit || !!(errors.envVar || errors.baseUrl || errors.authScheme || errors.expires || errors.note);
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
        <AuthFields f={f} set={set} errors={errors} />
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
