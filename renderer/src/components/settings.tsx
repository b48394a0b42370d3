/**
 * Settings: each number is checked against its one bound (shared/settings-bounds.ts) before saving, and
 * every error shows under its own field; an error that names no field shows at the form's top.
 */
import { useState, type FormEvent } from 'react';
import { SETTINGS_BOUNDS, type BoundedSetting } from '../../../shared/settings-bounds.js';
import { fieldErrorProps, type FieldErrors } from '../lib/field-errors.js';
import { checkSettingsForm, settingsErrorField, type SettingsField } from '../lib/settings-form.js';
import { useApp } from '../stores/app.js';
import { FieldError } from './dialog.js';
import { Field } from './field.js';
import '../features/validation/validation.css';
import { ShortcutSetting } from '../features/palette/shortcut-setting.js';

const bounds = (k: BoundedSetting) => ({ min: SETTINGS_BOUNDS[k].min, max: SETTINGS_BOUNDS[k].max });

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
  const [errors, setErrors] = useState<FieldErrors<SettingsField>>({});
  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = checkSettingsForm({
      clipboardClearSeconds: clip,
      rotationPolicyDays: policy,
      rotationOverlapHours: overlap,
      validationTimeoutSeconds: timeout,
    });
    setErrors(local);
    if (Object.keys(local).length) return;
    const failure = await save({
      clipboardClearSeconds: Number(clip),
      rotationPolicyDays: Number(policy),
      rotationOverlapHours: Number(overlap),
      validateOnSave,
      validationTimeoutSeconds: Number(timeout),
      globalBaseUrl: globalBaseUrl.trim(),
    });
    setErrors(failure ? { [settingsErrorField(failure)]: failure.message } : {});
  }
  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-head">
        <h1 id="settings-title">Settings</h1>
      </header>
      <form className="card form settings" onSubmit={(e) => void submit(e)} noValidate>
        <FieldError id="error-settings" error={errors.general} />
        <Field
          label="Clear the clipboard after (seconds)"
          name="clipboardClearSeconds"
          type="number"
          {...bounds('clipboardClearSeconds')}
          {...fieldErrorProps(errors, 'clipboardClearSeconds')}
          value={clip}
          onChange={(e) => setClip(e.target.value)}
        />
        <Field
          label="Rotation policy (days)"
          name="rotationPolicyDays"
          type="number"
          {...bounds('rotationPolicyDays')}
          {...fieldErrorProps(errors, 'rotationPolicyDays')}
          value={policy}
          onChange={(e) => setPolicy(e.target.value)}
          hint="Keys older than this get an amber “rotated N days ago” badge."
        />
        <Field
          label="Rotation overlap (hours)"
          name="rotationOverlapHours"
          type="number"
          {...bounds('rotationOverlapHours')}
          {...fieldErrorProps(errors, 'rotationOverlapHours')}
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
          {...bounds('validationTimeoutSeconds')}
          {...fieldErrorProps(errors, 'validationTimeoutSeconds')}
          value={timeout}
          onChange={(e) => setTimeoutSeconds(e.target.value)}
        />
        <Field
          label="Global base URL for probes"
          name="globalBaseUrl"
          value={globalBaseUrl}
          placeholder="empty: each key’s own base URL"
          onChange={(e) => setGlobalBaseUrl(e.target.value)}
          {...fieldErrorProps(errors, 'globalBaseUrl')}
          spellCheck={false}
          autoComplete="off"
          hint="A proxy or a local mock that every validation goes to instead."
        />
        <footer className="dialog-foot">
          <button type="submit" className="primary">
            Save
          </button>
        </footer>
      </form>
      <ShortcutSetting />
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
