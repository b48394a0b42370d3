/** "Validate all" on the credentials screen: a button, then a progress bar fed by the job's pushed progress. */
import { useCredentials } from '../../stores/credentials.js';
import { VALIDATE_ALL_CONCURRENCY, summarize, useValidation } from '../../stores/validation.js';
import './validation.css';
import { BusyButton } from '../../components/busy-button.js';

export function ValidateAllBar() {
  const job = useValidation((s) => s.job);
  const start = useValidation((s) => s.validateAll);
  const count = useCredentials((s) => s.items.length);
  const running = job?.state === 'running';
  const pct = job && job.total ? Math.round((job.done / job.total) * 100) : running ? 0 : 100;
  return (
    <div className="validate-all" data-testid="validate-all">
      <BusyButton
        className="small-btn"
        onClick={() => void start()}
        busy={running}
        disabled={count === 0}
        data-testid="validate-all-run"
        title={`Probe every credential of this workspace, ${VALIDATE_ALL_CONCURRENCY} at a time`}
      >
        {running ? 'Validating…' : 'Validate all'}
      </BusyButton>
      {!job && (
        <span className="small muted va-idle">
          Probe every key with its provider, {VALIDATE_ALL_CONCURRENCY} at a time.
        </span>
      )}
      {job && (
        <>
          <div
            className={`va-bar${job.state === 'failed' ? ' failed' : ''}`}
            role="progressbar"
            aria-label="Validate all progress"
            aria-valuemin={0}
            aria-valuemax={job.total}
            aria-valuenow={job.done}
            data-testid="validate-all-progress"
            data-state={job.state}
          >
            <div className="va-fill" style={{ width: `${pct}%` }} />
          </div>
          <span className="va-text small muted" data-testid="validate-all-text" title={summarize(job)}>
            {running
              ? `${job.done} / ${job.total}`
              : job.state === 'failed'
                ? 'Failed'
                : summarize(job) || 'Nothing to check'}
          </span>
        </>
      )}
    </div>
  );
}
