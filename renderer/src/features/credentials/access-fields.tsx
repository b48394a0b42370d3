/** Who may use the key: audience, (on edit) kind, scopes, write permissions, origins, assistants and tags. */
import type { Audience, Kind } from '../../../../shared/domain.js';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { KINDS } from '../../../../shared/constants.js';
import { allowsAccessRules, allowsWritePermissions } from '../../../../shared/rules.js';
import { fieldErrorProps } from '../../lib/field-errors.js';
import { KIND_LABELS } from '../../lib/format.js';
import type { GroupProps } from './form-props.js';

export function AccessFields({ f, set, errors, edit }: GroupProps) {
  const access = allowsAccessRules(f.kind);
  return (
    <>
      {access && (
        <Field
          as="select"
          label="Audience"
          name="audience"
          value={f.audience}
          onChange={(e) => set('audience', e.target.value as Audience)}
          {...fieldErrorProps(errors, 'audience')}
        >
          <option value="secret">Secret (server-side)</option>
          <option value="public">Public (publishable, browser)</option>
        </Field>
      )}

      {edit && (
        <Field
          as="select"
          label="Kind"
          name="editKind"
          value={f.kind}
          onChange={(e) => set('kind', e.target.value as Kind)}
          aria-invalid={!!errors.kind}
          aria-describedby={errors.kind ? 'error-kind' : undefined}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </Field>
      )}

      <Field
        label="Scopes"
        name="scopes"
        value={f.scopes}
        placeholder="comma separated"
        onChange={(e) => set('scopes', e.target.value)}
        {...fieldErrorProps(errors, 'scopes')}
      />

      {allowsWritePermissions(f.kind, f.provider) && (
        <fieldset aria-describedby={errors.write ? 'error-write' : undefined}>
          <legend>Write permissions</legend>
          <div className="checks">
            {(['voice', 'router'] as const).map((w) => (
              <label key={w} className="check">
                <input
                  type="checkbox"
                  name={`write-${w}`}
                  checked={f.write.includes(w)}
                  onChange={(e) => set('write', e.target.checked ? [...f.write, w] : f.write.filter((x) => x !== w))}
                />
                {w === 'voice' ? 'Voice API' : 'Router API'}
              </label>
            ))}
          </div>
          <FieldError id="error-write" error={errors.write} />
        </fieldset>
      )}

      {access && (
        <Field
          as="textarea"
          labelClassName="span2"
          label={<>Allowed origins {f.audience === 'public' && <em className="req">required for public keys</em>}</>}
          name="origins"
          rows={2}
          value={f.origins}
          placeholder="https://app.example.com (one per line)"
          onChange={(e) => set('origins', e.target.value)}
          {...fieldErrorProps(errors, 'origins')}
        />
      )}

      {access && (
        <Field
          label="Allowed assistants"
          name="assistants"
          value={f.assistants}
          placeholder="assistant ids, comma separated"
          onChange={(e) => set('assistants', e.target.value)}
          {...fieldErrorProps(errors, 'assistants')}
        />
      )}
      <Field
        label="Tags"
        name="tags"
        value={f.tags}
        placeholder="prod, billing"
        onChange={(e) => set('tags', e.target.value)}
        {...fieldErrorProps(errors, 'tags')}
      />
    </>
  );
}
