/**
 * The validation card of the detail pane: the stored result (status, HTTP status, when, the provider's
 * scrubbed detail), a Validate button, and for BYOK keys the router check (did Inworld's router use the
 * user's key, or fall back to its own?).
 */
import type { Credential } from '../../../../shared/domain.js';
import { relativeTime } from '../../lib/format.js';
import { useApp } from '../../stores/app.js';
import { STATUS_LABEL, useValidation } from '../../stores/validation.js';
import './validation.css';

export function statusTone(status: string): 'ok' | 'danger' | 'warn' {
  if (status === 'valid') return 'ok';
  if (status === 'invalid' || status === 'forbidden') return 'danger';
  return 'warn';
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
  const missing = cred.state === 'missing-secret';
  return (
    <section className="card validation-card" aria-label="Validation" data-testid="validation-card">
      <div className="vc-head">
        <h3>Validation</h3>
        <button
          onClick={() => void validate(cred.id)}
          disabled={running || missing}
          aria-busy={running}
          data-testid="validate"
          title={
            missing ? 'The keychain no longer holds this key' : 'Send the provider’s cheapest authenticated request'
          }
        >
          {running ? 'Validating…' : 'Validate'}
        </button>
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
            <button
              onClick={() => void routerCheck(cred.id)}
              disabled={routerRunning || missing}
              aria-busy={routerRunning}
              data-testid="router-check-run"
            >
              {routerRunning ? 'Checking…' : 'Router check'}
            </button>
          </div>
          {router && 'view' in router && (
            <div className="vc-result" data-testid="router-result" data-outcome={router.view.outcome}>
              <span
                className={`badge ${router.view.outcome === 'byok' ? 'ok' : router.view.outcome === 'system' ? 'warn' : 'danger'}`}
              >
                {router.view.outcome === 'byok'
                  ? 'Used your key (byok)'
                  : router.view.outcome === 'system'
                    ? 'Fell back (system)'
                    : `Failed${router.view.callStatus ? `: ${STATUS_LABEL[router.view.callStatus] ?? router.view.callStatus}` : ''}`}
              </span>
              {router.view.httpStatus !== undefined && (
                <span className="mono small vc-http">HTTP {router.view.httpStatus}</span>
              )}
              <span className="muted small mono">{router.view.model}</span>
              {router.view.detail && <p className="vc-detail mono">{router.view.detail}</p>}
            </div>
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
