import { useState, type FormEvent } from 'react';
import type { UiError } from '../api.js';
import { useApp } from '../stores/app.js';
import { FieldError } from './dialog.js';
import { Field } from './field.js';
import '../features/validation/validation.css';

export function SettingsScreen() {
  const settings = useApp((s) => s.settings);
  const info = useApp((s) => s.info);
  const save = useApp((s) => s.saveSettings);
  const [clip, setClip] = useState(String(settings?.clipboardClearSeconds ?? 30));
  const [policy, setPolicy] = useState(String(settings?.rotationPolicyDays ?? 90));
  const [overlap, setOverlap] = useState(String(settings?.rotationOverlapHours ?? 24));
  const [validateOnSave, setValidateOnSave] = useState(settings?.validateOnSave ?? true);
  const [timeout, setTimeoutSeconds] = useState(String(settings?.validationTimeoutSeconds ?? 10));
  const [globalBaseUrl, setGlobalBaseUrl] = useState(settings?.globalBaseUrl ?? '');
  const [error, setError] = useState<UiError>();
  // Errors go beside the field they are about; anything else below the form.
  const errorField = !error
    ? undefined
    : error.code === 'INVALID_URL' || /globalBaseUrl/.test(error.message)
      ? 'globalBaseUrl'
      : /validationTimeoutSeconds/.test(error.message)
        ? 'timeout'
        : 'general';
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(
      await save({
        clipboardClearSeconds: Number(clip),
        rotationPolicyDays: Number(policy),
        rotationOverlapHours: Number(overlap),
        validateOnSave,
        validationTimeoutSeconds: Number(timeout),
        globalBaseUrl: globalBaseUrl.trim(),
      }),
    );
  }
  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-head">
        <h1 id="settings-title">Settings</h1>
      </header>
      <form className="card form settings" onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label="Clear the clipboard after (seconds)"
          name="clipboardClearSeconds"
          type="number"
          min={5}
          max={3600}
          value={clip}
          onChange={(e) => setClip(e.target.value)}
        />
        <Field
          label="Rotation policy (days)"
          name="rotationPolicyDays"
          type="number"
          min={1}
          max={3650}
          value={policy}
          onChange={(e) => setPolicy(e.target.value)}
          hint="Keys older than this get an amber “rotated N days ago” badge."
        />
        <Field
          label="Rotation overlap (hours)"
          name="rotationOverlapHours"
          type="number"
          min={0}
          max={2160}
          value={overlap}
          onChange={(e) => setOverlap(e.target.value)}
          hint="How long the previous version stays usable after a rotation."
        />
        <h3 className="settings-section">Validation</h3>
        <label className="check">
          <input
            name="validateOnSave"
            type="checkbox"
            checked={validateOnSave}
            onChange={(e) => setValidateOnSave(e.target.checked)}
          />
          Validate keys when they are added or rotated
        </label>
        <Field
          label="Validation timeout (seconds)"
          name="validationTimeoutSeconds"
          type="number"
          min={1}
          max={120}
          value={timeout}
          onChange={(e) => setTimeoutSeconds(e.target.value)}
          errorId="error-timeout"
          error={errorField === 'timeout' ? error?.message : undefined}
          aria-invalid={errorField === 'timeout'}
          aria-describedby={undefined}
        />
        <Field
          label="Global base URL for probes"
          name="globalBaseUrl"
          value={globalBaseUrl}
          placeholder="empty: each key’s own base URL"
          onChange={(e) => setGlobalBaseUrl(e.target.value)}
          errorId="error-globalBaseUrl"
          error={errorField === 'globalBaseUrl' ? error?.message : undefined}
          aria-invalid={errorField === 'globalBaseUrl'}
          aria-describedby={undefined}
          spellCheck={false}
          autoComplete="off"
          hint="A proxy or a local mock that every validation goes to instead."
        />
        <FieldError id="error-settings" error={errorField === 'general' ? error?.message : undefined} />
        <footer className="dialog-foot">
          <button type="submit" className="primary">
            Save
          </button>
        </footer>
      </form>
      {info && (
        <section className="card">
          <h3>Storage</h3>
          <dl className="meta">
            <dt>Keychain</dt>
            <dd>
              {info.keychain.label} <span className="muted">({info.keychain.detail})</span>
            </dd>
            <dt>Service</dt>
            <dd className="mono">{info.keychain.service}</dd>
            <dt>Catalog</dt>
            <dd className="mono">{info.catalogPath}</dd>
            <dt>Version</dt>
            <dd>{info.version}</dd>
          </dl>
        </section>
      )}
    </section>
  );
}
