/**
 * The validation card of the detail pane: the stored result (status, HTTP status, when, the provider's
 * scrubbed detail), a Validate button, and for BYOK keys the router check (did Inworld's router use the
 * user's key, or fall back to its own?), with its last result as stored on the credential.
 */
import type { Credential, StoredRouterCheck } from '../../../../shared/domain.js';
import type { RouterCheckView } from '../../../../shared/ipc/validation.js';
import { relativeTime } from '../../lib/format.js';
import { useApp } from '../../stores/app.js';
import { STATUS_LABEL, useValidation } from '../../stores/validation.js';
import './validation.css';
import { BusyButton } from '../../components/busy-button.js';

export function statusTone(status: string): 'ok' | 'danger' | 'warn' {
  if (status === 'valid') return 'ok';
  if (status === 'invalid' || status === 'forbidden') return 'danger';
  return 'warn';
}

function toStoredRouterCheck(v: RouterCheckView): StoredRouterCheck {
  return {
    credentialType: v.outcome,
    model: v.model,
    checkedAt: v.checkedAt,
    detail: v.detail,
    ...(v.httpStatus !== undefined ? { httpStatus: v.httpStatus } : {}),
    ...(v.callStatus ? { callStatus: v.callStatus } : {}),
  };
}

function routerTone(t: StoredRouterCheck['credentialType']): 'ok' | 'warn' | 'danger' {
  return t === 'byok' ? 'ok' : t === 'system' ? 'warn' : 'danger';
}

function routerLabel(r: StoredRouterCheck): string {
  if (r.credentialType === 'byok') return 'Used your key (byok)';
  if (r.credentialType === 'system') return 'Fell back (system)';
  return `Failed${r.callStatus ? `: ${STATUS_LABEL[r.callStatus] ?? r.callStatus}` : ''}`;
}

export function ValidationCard({ cred }: { cred: Credential }) {
  const running = useValidation((s) => !!s.running[cred.id]);
  const error = useValidation((s) => s.errors[cred.id]);
  const validate = useValidation((s) => s.validate);
  const routerRunning = useValidation((s) => !!s.routerRunning[cred.id]);
  const router = useValidation((s) => s.router[cred.id]);
  const routerCheck = useValidation((s) => s.routerCheck);
  const globalBaseUrl = useApp((s) => s.settings?.globalBaseUrl);
  const v = cred.validation;
  // The stored last result; right after a run the fresh view, should the list not hold this credential.
  const shown = cred.routerCheck ?? (router && 'view' in router ? toStoredRouterCheck(router.view) : undefined);
  const missing = cred.state === 'missing-secret';
  return (
    <section className="card validation-card" aria-label="Validation" data-testid="validation-card">
      <div className="vc-head">
        <h3>Validation</h3>
        <BusyButton
          onClick={() => void validate(cred.id)}
          busy={running}
          disabled={missing}
          data-testid="validate"
          title={
            missing ? 'The keychain no longer holds this key' : 'Send the provider’s cheapest authenticated request'
          }
        >
          {running ? 'Validating…' : 'Validate'}
        </BusyButton>
      </div>
      {v ? (
        <div className="vc-result" data-testid="validation-result" data-status={v.status}>
          <span className={`badge ${statusTone(v.status)}`} data-testid="validation-status">
            {STATUS_LABEL[v.status] ?? v.status}
          </span>
          {v.httpStatus !== undefined && (
            <span className="mono small vc-http" data-testid="validation-http">
              HTTP {v.httpStatus}
            </span>
          )}
          <time className="muted small" dateTime={v.checkedAt} title={new Date(v.checkedAt).toLocaleString()}>
            checked {relativeTime(v.checkedAt)}
          </time>
          {v.detail && (
            <p className="vc-detail mono" data-testid="validation-detail">
              {v.detail}
            </p>
          )}
        </div>
      ) : (
        <p className="muted small vc-empty">
          Not checked yet. Validate sends one cheap authenticated request to{' '}
          {cred.provider === 'custom' ? 'your provider' : 'the provider'} and stores only the outcome.
        </p>
      )}
      {globalBaseUrl && (
        <p className="muted small vc-note" data-testid="validation-global-url">
          Probes go to the global base URL <span className="mono">{globalBaseUrl}</span> (Settings).
        </p>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="validation-error">
          {error.message}
        </p>
      )}
      {cred.kind === 'byok' && (
        <div className="vc-router" data-testid="router-check">
          <div className="vc-head">
            <div>
              <h4>Router check</h4>
              <p className="muted small">Does Inworld’s router use this key, or fall back to its own?</p>
            </div>
            <BusyButton
              onClick={() => void routerCheck(cred.id)}
              busy={routerRunning}
              disabled={missing}
              data-testid="router-check-run"
            >
              {routerRunning ? 'Checking…' : 'Router check'}
            </BusyButton>
          </div>
          {shown ? (
            <div className="vc-result" data-testid="router-result" data-outcome={shown.credentialType}>
              <span className={`badge ${routerTone(shown.credentialType)}`} data-testid="router-outcome">
                {routerLabel(shown)}
              </span>
              {shown.httpStatus !== undefined && <span className="mono small vc-http">HTTP {shown.httpStatus}</span>}
              {shown.model && <span className="muted small mono">{shown.model}</span>}
              <time
                className="muted small"
                dateTime={shown.checkedAt}
                title={new Date(shown.checkedAt).toLocaleString()}
                data-testid="router-checked"
              >
                checked {relativeTime(shown.checkedAt)}
              </time>
              {shown.detail && <p className="vc-detail mono">{shown.detail}</p>}
            </div>
          ) : (
            <p className="muted small vc-empty" data-testid="router-empty">
              Not run yet. Sends one tiny chat completion through Inworld’s router (with this workspace’s Inworld key);
              only the outcome is stored.
            </p>
          )}
          {router && 'error' in router && (
            <p className="field-error" role="alert" data-testid="router-error">
              {router.error.message}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
