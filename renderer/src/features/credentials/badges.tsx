import type { Credential } from '../../../../shared/domain.js';
import { KIND_LABELS, rotationAge } from '../../lib/format.js';
import { SHORT_LABEL } from '../../stores/validation.js';

/** The badge spells out "unexpected reply"; the summary line keeps the shorter word. */
const badgeLabel = (status: string) => (status === 'unexpected' ? 'unexpected reply' : (SHORT_LABEL[status] ?? status));

export function Badges({ cred, policyDays, compact }: { cred: Credential; policyDays: number; compact?: boolean }) {
  const age = rotationAge(cred);
  const stale = age.days > policyDays;
  return (
    <span className="badges">
      <span className={`badge kind-${cred.kind}`}>{KIND_LABELS[cred.kind]}</span>
      {cred.audience === 'public' && <span className="badge public">Public</span>}
      {cred.state === 'missing-secret' && <span className="badge danger">Missing secret</span>}
      {cred.leak && (
        <span
          className="badge danger"
          data-testid="leak-badge"
          title={`Found in git commit ${cred.leak.commit.slice(0, 12)} (${cred.leak.file}). Rotating the key clears this.`}
        >
          Leaked: rotate
        </span>
      )}
      {cred.validation && (
        <span
          className={`badge ${cred.validation.status === 'valid' ? 'ok' : ['invalid', 'forbidden'].includes(cred.validation.status) ? 'danger' : 'warn'}`}
          data-testid="validation-badge"
          title={`Checked ${new Date(cred.validation.checkedAt).toLocaleString()}${cred.validation.httpStatus !== undefined ? ` · HTTP ${cred.validation.httpStatus}` : ''}`}
        >
          {badgeLabel(cred.validation.status)}
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
