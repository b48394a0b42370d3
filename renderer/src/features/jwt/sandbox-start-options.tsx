/**
 * The start form's protocol options (issue 12): the profile, the stored keys also accepted as Basic and
 * ?key=, the origins `POST /token` answers CORS for, a fault preset, a session script and "record to
 * file". They map one to one onto the CLI's `sandbox start` flags; main validates them and the core
 * checks the script (its error, with the line, shows under the script field).
 */
import type { ChangeEvent } from 'react';
import { Field } from '../../components/field.js';
import { SANDBOX_FAULT_PRESETS, type SandboxFaultPreset } from '../../../../shared/sandbox.js';
import { api } from '../../api.js';
import type { StartForm } from '../../stores/sandbox.js';

export interface StartOptions {
  profile: 'echo' | 'realtime';
  basicKey: string;
  origins: string;
  faults: SandboxFaultPreset;
  enforceExp: boolean;
  script: string;
  record: boolean;
}

export const DEFAULT_START_OPTIONS: StartOptions = {
  profile: 'echo',
  basicKey: '',
  origins: '',
  faults: 'none',
  enforceExp: false,
  script: '',
  record: false,
};

const FAULT_LABELS: Record<SandboxFaultPreset, string> = {
  none: 'None',
  latency: 'Latency 80 ms ± 30 ms',
  lossy: 'Drop 5%, duplicate and reorder 2%',
  close: 'Forced close 4000 after 10 s',
  'slow-handshake': 'Slow handshake (2 s)',
  refuse: 'Refused handshake (503)',
};

/** The part of the `sandbox:start` request these options make. */
export function startRequest(o: StartOptions): Omit<StartForm, 'port'> {
  const origins = o.origins
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  return {
    profile: o.profile,
    ...(origins.length ? { allowOrigins: origins } : {}),
    ...(o.basicKey ? { basicKeys: [o.basicKey] } : {}),
    ...(o.faults !== 'none' ? { faults: o.faults } : {}),
    ...(o.enforceExp ? { enforceExp: true } : {}),
    ...(o.script ? { script: o.script } : {}),
    ...(o.record ? { record: true } : {}),
  };
}

export function StartOptionsFields({
  value,
  onChange,
  standardKeys,
  error,
}: {
  value: StartOptions;
  onChange: (v: StartOptions) => void;
  standardKeys: readonly { id: string; name: string }[];
  /** The start error, shown under the field it names. */
  error?: { code: string; message: string; field?: string };
}) {
  const set = <K extends keyof StartOptions>(k: K, v: StartOptions[K]) => onChange({ ...value, [k]: v });
  const scriptError = error?.code === 'INVALID_SCRIPT' || error?.field === 'script' ? error.message : undefined;
  const originError = error?.code === 'INVALID_ORIGIN' ? error.message : undefined;
  function pickScript(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    set('script', file ? api().envImport.pathForFile(file) || file.name : '');
  }
  return (
    <div className="jw-options">
      <Field
        as="select"
        label="Profile"
        name="profile"
        value={value.profile}
        onChange={(e) => set('profile', e.target.value as StartOptions['profile'])}
        disabled={!!value.script}
        hint={value.script ? 'The script plays the server’s side.' : undefined}
      >
        <option value="echo">echo</option>
        <option value="realtime">realtime (OpenAI-Realtime events)</option>
      </Field>
      <Field
        as="select"
        label="Also accept a stored key"
        name="basicKey"
        value={value.basicKey}
        onChange={(e) => set('basicKey', e.target.value)}
        hint="JWTs go as Bearer, ?token= or subprotocol; a key adds Basic and ?key=."
      >
        <option value="">No (JWT modes only)</option>
        {standardKeys.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </Field>
      <Field
        label="Allowed origins for POST /token"
        name="origins"
        placeholder="http://localhost:5173"
        value={value.origins}
        onChange={(e) => set('origins', e.target.value)}
        spellCheck={false}
        errorId="error-sandbox-origins"
        error={originError}
      />
      <Field
        as="select"
        label="Faults"
        name="faults"
        value={value.faults}
        onChange={(e) => set('faults', e.target.value as SandboxFaultPreset)}
      >
        {SANDBOX_FAULT_PRESETS.map((f) => (
          <option key={f} value={f}>
            {FAULT_LABELS[f]}
          </option>
        ))}
      </Field>
      <Field
        label="Session script (JSON)"
        name="script"
        type="file"
        accept=".json,application/json"
        onChange={pickScript}
        data-testid="sandbox-script"
        hint={value.script ? <span className="mono">{value.script}</span> : 'Optional: events to send, expectations.'}
        errorId="error-sandbox-script"
        error={scriptError}
      />
      <div className="jw-checks">
        <label className="check">
          <input type="checkbox" checked={value.enforceExp} onChange={(e) => set('enforceExp', e.target.checked)} />
          Close at token expiry (4001)
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={value.record}
            onChange={(e) => set('record', e.target.checked)}
            data-testid="sandbox-record"
          />
          Record sessions to file
        </label>
      </div>
    </div>
  );
}
