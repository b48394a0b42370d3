/** The secret on add: one pasted key (or service-account JSON), or a key + secret pair for Basic-auth providers. */
import { PROVIDER_DESCRIPTORS } from '../../../../shared/providers.js';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { FormatHint } from '../validation/format-hint.js';
import { isBasicEntry } from './credential-form-state.js';
import type { GroupProps } from './form-props.js';

export function SecretField({ f, set, errors }: GroupProps) {
  const desc = PROVIDER_DESCRIPTORS[f.provider];
  const basic = isBasicEntry(f, false);
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
        <label>
          <span>{json ? 'Service account JSON' : basic ? 'Base64 credential (or key:secret)' : 'API key'}</span>
          {json ? (
            <textarea
              name="secret"
              rows={4}
              value={f.secret}
              onChange={(e) => set('secret', e.target.value)}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              spellCheck={false}
            />
          ) : (
            <input
              name="secret"
              type="password"
              value={f.secret}
              placeholder={`Paste the key (${desc.keyFormat.example})`}
              aria-describedby={describedBy}
              onChange={(e) => set('secret', e.target.value)}
              aria-invalid={invalid}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </label>
      )}
      <FormatHint
        provider={f.provider}
        value={basic && f.secretMode === 'pair' ? (f.key || f.keySecret ? `${f.key}:${f.keySecret}` : '') : f.secret}
      />
      <FieldError id="error-secret" error={errors.secret} />
      <p className="hint">Stored in your OS keychain only. Keydeck keeps a prefix and a fingerprint to recognise it.</p>
    </div>
  );
}
