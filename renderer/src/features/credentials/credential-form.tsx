import { useState, type FormEvent } from 'react';
import type {
  Audience,
  CreateInput,
  Credential,
  Kind,
  UpdateInput,
  WritePermission,
} from '../../../../shared/domain.js';
import { BYOK_PROVIDERS, PROVIDERS, PROVIDER_DESCRIPTORS, type ProviderId } from '../../../../shared/providers.js';
import type { UiError } from '../../api.js';
import { KINDS } from '../../lib/constants.js';
import { KIND_LABELS, splitList } from '../../lib/format.js';
import { useApp } from '../../stores/app.js';
import { useCredentials } from '../../stores/credentials.js';
import { Dialog, FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { FormatHint } from '../validation/format-hint.js';

type FieldName = 'name' | 'kind' | 'provider' | 'secret' | 'origins' | 'baseUrl' | 'general';

/** Which field a core error belongs to, so it shows beside the input that caused it. */
export function fieldFor(code: string, message: string): FieldName {
  switch (code) {
    case 'INVALID_NAME':
    case 'DUPLICATE_NAME':
      return 'name';
    case 'EMPTY_SECRET':
    case 'INVALID_SECRET':
    case 'SECRET_TOO_LARGE':
    case 'INVALID_BASIC_CREDENTIAL':
      return 'secret';
    case 'BYOK_PROVIDER_TAKEN':
      return 'provider';
    case 'KIND_IMMUTABLE':
      return 'kind';
    case 'PUBLIC_KEY_NEEDS_ORIGIN':
    case 'INVALID_ORIGIN':
      return 'origins';
    case 'INVALID_URL':
      return 'baseUrl';
    default:
      if (/^Invalid request for [a-z:]+: (input\.)?secret/.test(message)) return 'secret';
      if (/^Invalid request for [a-z:]+: (input\.|patch\.)?name/.test(message)) return 'name';
      return 'general';
  }
}

function providersFor(kind: Kind): readonly ProviderId[] {
  if (kind === 'byok') return BYOK_PROVIDERS;
  if (kind === 'realtime') return ['inworld', 'custom'];
  return PROVIDERS;
}

interface FormState {
  name: string;
  kind: Kind;
  provider: ProviderId;
  audience: Audience;
  secretMode: 'paste' | 'pair';
  secret: string;
  key: string;
  keySecret: string;
  scopes: string;
  write: WritePermission[];
  origins: string;
  assistants: string;
  tags: string;
  envVar: string;
  baseUrl: string;
  expires: string;
  note: string;
}

function initial(cred?: Credential): FormState {
  return {
    name: cred?.name ?? '',
    kind: cred?.kind ?? 'standard',
    provider: cred?.provider ?? 'inworld',
    audience: cred?.audience ?? 'secret',
    secretMode: 'paste',
    secret: '',
    key: '',
    keySecret: '',
    scopes: cred?.scopes.join(', ') ?? '',
    write: [...(cred?.writePermissions ?? [])],
    origins: cred?.allowedOrigins.join('\n') ?? '',
    assistants: cred?.allowedAssistants.join(', ') ?? '',
    tags: cred?.tags.join(', ') ?? '',
    envVar: cred?.envVar ?? '',
    baseUrl: cred?.baseUrl ?? '',
    expires: cred?.expiresAt?.slice(0, 10) ?? '',
    note: cred?.note ?? '',
  };
}

export function CredentialForm({ edit }: { edit?: Credential }) {
  const close = useApp((s) => s.closeDialog);
  const create = useCredentials((s) => s.create);
  const update = useCredentials((s) => s.update);
  const [f, setF] = useState<FormState>(() => initial(edit));
  const [error, setError] = useState<{ field: FieldName; e: UiError }>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((s) => ({ ...s, [k]: v }));
  const desc = PROVIDER_DESCRIPTORS[f.provider];
  const basic = desc.authScheme === 'basic' && !edit;
  const json = f.provider === 'google-vertex';
  const err = (field: FieldName) => (error?.field === field ? error.e.message : undefined);

  const onKind = (kind: Kind) => {
    const allowed = providersFor(kind);
    setF((s) => ({ ...s, kind, provider: allowed.includes(s.provider) ? s.provider : allowed[0]! }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const common = {
      name: f.name,
      audience: f.audience,
      scopes: splitList(f.scopes),
      allowedOrigins: splitList(f.origins),
      allowedAssistants: splitList(f.assistants),
      tags: splitList(f.tags),
      ...(f.envVar.trim() ? { envVar: f.envVar.trim() } : {}),
      ...(f.kind === 'standard' && f.provider === 'inworld' ? { writePermissions: f.write } : {}),
    };
    let failure: UiError | undefined;
    if (edit) {
      const patch: UpdateInput = {
        ...common,
        note: f.note,
        baseUrl: f.baseUrl,
        expiresAt: f.expires || null,
        ...(f.kind !== edit.kind ? { kind: f.kind } : {}),
      };
      failure = await update(edit.id, patch);
    } else {
      const input: CreateInput = {
        ...common,
        kind: f.kind,
        provider: f.provider,
        ...(f.baseUrl.trim() ? { baseUrl: f.baseUrl } : {}),
        ...(f.expires ? { expiresAt: f.expires } : {}),
        ...(f.note ? { note: f.note } : {}),
      };
      const secret = basic && f.secretMode === 'pair' ? `${f.key}:${f.keySecret}` : f.secret;
      failure = await create(input, secret);
    }
    setBusy(false);
    if (failure) setError({ field: fieldFor(failure.code, failure.message), e: failure });
    else close();
  }

  return (
    <Dialog title={edit ? `Edit ${edit.name}` : 'Add a credential'} onClose={close} wide testId="credential-form">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          <fieldset className="span2">
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
            <FieldError id="error-kind" error={err('kind')} />
          </fieldset>

          <label>
            <span>Provider</span>
            <select
              name="provider"
              value={f.provider}
              disabled={!!edit}
              onChange={(e) => set('provider', e.target.value as ProviderId)}
            >
              {providersFor(f.kind).map((p) => (
                <option key={p} value={p}>
                  {PROVIDER_DESCRIPTORS[p].displayName}
                </option>
              ))}
            </select>
            <FieldError id="error-provider" error={err('provider')} />
          </label>

          <Field
            label="Name"
            name="name"
            value={f.name}
            placeholder={`${desc.displayName} production`}
            onChange={(e) => set('name', e.target.value)}
            errorId="error-name"
            error={err('name')}
            aria-describedby={undefined}
            autoComplete="off"
          />

          {!edit && (
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
                    autoComplete="off"
                  />
                  <Field
                    label="API secret"
                    name="keySecret"
                    type="password"
                    value={f.keySecret}
                    onChange={(e) => set('keySecret', e.target.value)}
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
                      spellCheck={false}
                    />
                  ) : (
                    <input
                      name="secret"
                      type="password"
                      value={f.secret}
                      placeholder={`Paste the key (${desc.keyFormat.example})`}
                      aria-describedby="format-check"
                      onChange={(e) => set('secret', e.target.value)}
                      aria-invalid={!!err('secret')}
                      autoComplete="off"
                      spellCheck={false}
                    />
                  )}
                </label>
              )}
              <FormatHint
                provider={f.provider}
                value={
                  basic && f.secretMode === 'pair' ? (f.key || f.keySecret ? `${f.key}:${f.keySecret}` : '') : f.secret
                }
              />
              <FieldError id="error-secret" error={err('secret')} />
              <p className="hint">
                Stored in your OS keychain only. Keydeck keeps a prefix and a fingerprint to recognise it.
              </p>
            </div>
          )}

          <Field
            as="select"
            label="Audience"
            name="audience"
            value={f.audience}
            onChange={(e) => set('audience', e.target.value as Audience)}
          >
            <option value="secret">Secret (server-side)</option>
            <option value="public">Public (publishable, browser)</option>
          </Field>

          {edit && (
            <Field
              as="select"
              label="Kind"
              name="editKind"
              value={f.kind}
              onChange={(e) => set('kind', e.target.value as Kind)}
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
          />

          {f.kind === 'standard' && f.provider === 'inworld' && (
            <fieldset>
              <legend>Write permissions</legend>
              <div className="checks">
                {(['voice', 'router'] as const).map((w) => (
                  <label key={w} className="check">
                    <input
                      type="checkbox"
                      name={`write-${w}`}
                      checked={f.write.includes(w)}
                      onChange={(e) =>
                        set('write', e.target.checked ? [...f.write, w] : f.write.filter((x) => x !== w))
                      }
                    />
                    {w === 'voice' ? 'Voice API' : 'Router API'}
                  </label>
                ))}
              </div>
            </fieldset>
          )}

          <Field
            as="textarea"
            labelClassName="span2"
            label={<>Allowed origins {f.audience === 'public' && <em className="req">required for public keys</em>}</>}
            name="origins"
            rows={2}
            value={f.origins}
            placeholder="https://app.example.com (one per line)"
            onChange={(e) => set('origins', e.target.value)}
            errorId="error-origins"
            error={err('origins')}
            aria-describedby={undefined}
          />

          <Field
            label="Allowed assistants"
            name="assistants"
            value={f.assistants}
            placeholder="assistant ids, comma separated"
            onChange={(e) => set('assistants', e.target.value)}
          />
          <Field
            label="Tags"
            name="tags"
            value={f.tags}
            placeholder="prod, billing"
            onChange={(e) => set('tags', e.target.value)}
          />

          <details className="span2 more" open={!!edit}>
            <summary>More options</summary>
            <div className="form-grid">
              <Field
                label="Env var"
                name="envVar"
                value={f.envVar}
                placeholder={
                  f.kind === 'realtime' && f.provider === 'inworld' ? 'INWORLD_REALTIME_API_KEY' : desc.envVar
                }
                onChange={(e) => set('envVar', e.target.value)}
                spellCheck={false}
              />
              <Field
                label="Base URL"
                name="baseUrl"
                value={f.baseUrl}
                placeholder={desc.baseUrl || 'https://api.example.com'}
                onChange={(e) => set('baseUrl', e.target.value)}
                errorId="error-baseUrl"
                error={err('baseUrl')}
                aria-describedby={undefined}
                spellCheck={false}
              />
              <Field
                label="Expires"
                name="expires"
                type="date"
                value={f.expires}
                onChange={(e) => set('expires', e.target.value)}
              />
              <Field label="Note" name="note" value={f.note} onChange={(e) => set('note', e.target.value)} />
            </div>
          </details>
        </div>
        <FieldError id="error-general" error={err('general')} />
        <footer className="dialog-foot">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="submit">
            {edit ? 'Save changes' : 'Add to keychain'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
