/** The secret on add: one pasted key (or service-account JSON), or a key + secret pair for Basic-auth providers. */
import { PROVIDER_DESCRIPTORS, type ProviderId } from '../../../../shared/providers.js';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { FormatHint, useFormatCheck } from '../validation/format-hint.js';
import { isBasicEntry } from './credential-form-state.js';
import type { GroupProps } from './form-props.js';

export function SecretField({ f, set, errors, onProvider }: GroupProps & { onProvider?: (p: ProviderId) => void }) {
  const desc = PROVIDER_DESCRIPTORS[f.provider];
  const basic = isBasicEntry(f, false);
  const value = basic && f.secretMode === 'pair' ? (f.key || f.keySecret ? `${f.key}:${f.keySecret}` : '') : f.secret;
  // A pasted key that looks like another provider's: offer to switch to it rather than only warn.
  const offer = useFormatCheck(f.provider, value)?.looksLike;
  const json = f.provider === 'google-vertex';
  const invalid = !!errors.secret;
  const describedBy = invalid ? 'format-check error-secret' : 'format-check';
  return (
    <div className="span2 secret-entry">
      {basic && (
        <div className="segmented small" role="radiogroup" aria-label="How to enter the key">
          <label className={f.secretMode === 'paste' ? 'on' : ''}>
            <input
              type="radio"
              name="secretMode"
              checked={f.secretMode === 'paste'}
              onChange={() => set('secretMode', 'paste')}
            />
            Paste credential
          </label>
          <label className={f.secretMode === 'pair' ? 'on' : ''}>
            <input
              type="radio"
              name="secretMode"
              checked={f.secretMode === 'pair'}
              onChange={() => set('secretMode', 'pair')}
            />
            Key + secret
          </label>
        </div>
      )}
      {basic && f.secretMode === 'pair' ? (
        <div className="pair">
          <Field
            label="API key"
            name="key"
            value={f.key}
            onChange={(e) => set('key', e.target.value)}
            aria-invalid={invalid}
            aria-describedby={invalid ? 'error-secret' : undefined}
            autoComplete="off"
          />
          <Field
            label="API secret"
            name="keySecret"
            type="password"
            value={f.keySecret}
            onChange={(e) => set('keySecret', e.target.value)}
            aria-invalid={invalid}
            aria-describedby={invalid ? 'error-secret' : undefined}
            autoComplete="off"
          />
        </div>
      ) : (
        <Field
          {...(json ? { as: 'textarea' as const, rows: 4 } : { type: 'password', autoComplete: 'off' })}
          label={json ? 'Service account JSON' : basic ? 'Base64 credential (or key:secret)' : 'API key'}
          name="secret"
          value={f.secret}
          placeholder={json ? undefined : `Paste the key (${desc.keyFormat.example})`}
          onChange={(e: { target: { value: string } }) => set('secret', e.target.value)}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          spellCheck={false}
        />
      )}
      <FormatHint provider={f.provider} value={value} />
      {offer && onProvider && (
        <p className="switch-offer" data-testid="switch-provider">
          <button type="button" className="small-btn" onClick={() => onProvider(offer)}>
            Switch to {PROVIDER_DESCRIPTORS[offer].displayName}
          </button>
          <span className="muted small">
            {' '}
            Sets the provider{f.name.trim() ? '' : ' and the name'}; the key stays as pasted.
          </span>
        </p>
      )}
      <FieldError id="error-secret" error={errors.secret} />
      <p className="hint">Stored in your OS keychain only. Keydeck keeps a prefix and a fingerprint to recognise it.</p>
    </div>
  );
}
