/**
 * The `.env` import dialog: the preview table (variable, provider, action), Import, then the result
 * with a warning for every value found in the folder's git history. It never holds a value: rows show
 * at most the masked prefix the catalog shows.
 */
import { Dialog, FieldError } from '../../components/dialog.js';
import type { EnvImportItem, EnvImportPlan, EnvImportResult } from '../../../../shared/migrate.js';
import { PROVIDER_DESCRIPTORS } from '../../../../shared/providers.js';
import { useEnvImport } from '../../stores/env-import.js';
import './env-import.css';

const ACTION_LABEL = { create: 'New credential', reference: 'Reference', leave: 'Leave as is' } as const;

function providerOf(i: EnvImportItem): string {
  if (!i.provider) return '—';
  const by = i.detectedBy ? ` (by ${i.detectedBy.replace('+', ' and ')})` : '';
  return PROVIDER_DESCRIPTORS[i.provider].displayName + by;
}

function actionOf(i: EnvImportItem): string {
  if (i.action === 'create')
    return `${ACTION_LABEL.create} “${i.credential}”${i.kind === 'standard' ? ' (standard)' : ''}`;
  if (i.action === 'reference') return `${ACTION_LABEL.reference} to “${i.credential}”`;
  return ACTION_LABEL.leave;
}

function Preview({ plan }: { plan: EnvImportPlan }) {
  return (
    <>
      <p className="muted small env-import-file" data-testid="env-import-file">
        {plan.file} · workspace “{plan.workspace}”
      </p>
      {plan.warnings.map((w) => (
        <p key={w} className="env-import-warning" role="note">
          {w}
        </p>
      ))}
      {plan.secrets === 0 && (
        <p className="env-import-none" data-testid="env-import-none">
          No secrets in this file: nothing to import, and the file stays as it is.
        </p>
      )}
      <div className="env-import-table-wrap" tabIndex={0} role="region" aria-label="Variables in the file">
        <table className="env-import-table" data-testid="env-import-table">
          <thead>
            <tr>
              <th scope="col">Variable</th>
              <th scope="col">Provider</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {plan.items.map((i) => (
              <tr key={i.variable} className={`action-${i.action}`}>
                <th scope="row" className="mono">
                  {i.variable}
                </th>
                <td>{providerOf(i)}</td>
                <td>
                  <span className={`badge ${i.action === 'leave' ? '' : 'ok'}`}>{actionOf(i)}</span>
                  <small className="muted env-import-reason">{i.reason}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Result({ result }: { result: EnvImportResult }) {
  return (
    <div className="env-import-result" data-testid="env-import-result">
      <p role="status">
        {result.created.length} created, {result.referenced.length} referenced, {result.left.length} left as is. The
        file now holds <code>keydeck://</code> references{result.allowed ? ' and is allowed for keydeck run' : ''}.
      </p>
      {result.leaks.length > 0 && (
        <div className="env-import-leaks" role="alert" data-testid="env-import-leaks">
          <strong>Leaked: rotate these keys.</strong> Their values are in the git history:
          <ul>
            {result.leaks.map((l) => (
              <li key={l.variable}>
                {l.variable} (“{l.credential}”): commit <code>{l.commit.slice(0, 12)}</code> in {l.path}
              </li>
            ))}
          </ul>
        </div>
      )}
      {!result.historyScanned && result.historyNote && (
        <p className="muted small">Git history not scanned: {result.historyNote}.</p>
      )}
    </div>
  );
}

export function EnvImportDialog() {
  const open = useEnvImport((s) => s.open);
  const plan = useEnvImport((s) => s.plan);
  const result = useEnvImport((s) => s.result);
  const busy = useEnvImport((s) => s.busy);
  const error = useEnvImport((s) => s.error);
  const { apply, close } = useEnvImport.getState();
  if (!open || !plan) return null;
  const creates = plan.items.filter((i) => i.action === 'create').length;
  return (
    <Dialog title="Import a .env file" onClose={close} wide testId="env-import">
      <div className="form env-import">
        {result ? <Result result={result} /> : <Preview plan={plan} />}
        <FieldError id="env-import-error" error={error?.message} />
        <div className="actions env-import-actions">
          {result ? (
            <button type="button" className="primary" onClick={close}>
              Done
            </button>
          ) : (
            <>
              <button type="button" onClick={close}>
                Cancel
              </button>
              <button
                type="button"
                className="primary"
                disabled={busy || plan.secrets === 0}
                onClick={() => void apply()}
                data-testid="env-import-apply"
              >
                {busy ? 'Importing…' : `Import (${creates} new)`}
              </button>
            </>
          )}
        </div>
      </div>
    </Dialog>
  );
}
