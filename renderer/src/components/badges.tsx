import type { Credential } from '../../../shared/domain.js';
import { KIND_LABELS, rotationAge } from '../lib/format.js';

const VALIDATION_LABEL: Record<string, string> = {
  valid: 'valid',
  invalid: 'invalid',
  forbidden: 'forbidden',
  rate_limited: 'rate limited',
  no_credit: 'no credit',
  unreachable: 'unreachable',
  timeout: 'timed out',
  unexpected: 'unexpected reply',
};

export function Badges({ cred, policyDays, compact }: { cred: Credential; policyDays: number; compact?: boolean }) {
  const age = rotationAge(cred);
  const stale = age.days > policyDays;
  return (
    <span className="badges">
      <span className={`badge kind-${cred.kind}`}>{KIND_LABELS[cred.kind]}</span>
      {cred.audience === 'public' && <span className="badge public">Public</span>}
      {cred.state === 'missing-secret' && <span className="badge danger">Missing secret</span>}
      {cred.validation && (
        <span
          className={`badge ${cred.validation.status === 'valid' ? 'ok' : ['invalid', 'forbidden'].includes(cred.validation.status) ? 'danger' : 'warn'}`}
          data-testid="validation-badge"
          title={`Checked ${new Date(cred.validation.checkedAt).toLocaleString()}${cred.validation.httpStatus !== undefined ? ` · HTTP ${cred.validation.httpStatus}` : ''}`}
        >
          {VALIDATION_LABEL[cred.validation.status] ?? cred.validation.status}
        </span>
      )}
      {(!compact || stale) && (
        <span
          className={`badge age${stale ? ' warn' : ''}`}
          title={stale ? `Older than the ${policyDays}-day rotation policy` : undefined}
        >
          {age.label}
        </span>
      )}
    </span>
  );
}
