/** The API keys tab: issue sk-live- API keys (JWTs without exp) and keep the revocation list. */
import { useState } from 'react';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useJwt } from '../../stores/jwt.js';
import { ago } from './relative-time.js';
import { TokenText } from './token-text.js';

export function ApiKeysPanel({ onDecode }: { onDecode: (token: string) => void }) {
  const issued = useJwt((s) => s.issued);
  const issueError = useJwt((s) => s.issueError);
  const revocations = useJwt((s) => s.revocations);
  const revokeError = useJwt((s) => s.revokeError);
  const issue = useJwt((s) => s.issueApiKey);
  const revoke = useJwt((s) => s.revoke);
  const unrevoke = useJwt((s) => s.unrevoke);
  const copy = useJwt((s) => s.copy);
  const [userId, setUserId] = useState('');
  const [jti, setJti] = useState('');
  const [reason, setReason] = useState('');
  const issuedRevoked = issued ? revocations.some((r) => r.jti === issued.jti) : false;
  return (
    <div className="jw-stack">
      <form
        className="card form jw-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void issue(userId);
        }}
      >
        <h3>Issue an sk-live- API key</h3>
        <div className="jw-row">
          <Field
            labelClassName="jw-grow"
            label="User id"
            name="userId"
            value={userId}
            placeholder="user_123"
            onChange={(e) => setUserId(e.target.value)}
            aria-invalid={!!issueError}
            aria-describedby="error-issue"
            spellCheck={false}
          />
          <button type="submit" className="primary" disabled={!userId.trim()} data-testid="issue">
            Issue key
          </button>
        </div>
        <FieldError id="error-issue" error={issueError?.message} />
        <p className="hint jw-tight">
          An HS256 JWT with the user id, a jti and iat, signed with the workspace’s generated HS256 key. It has no exp:
          it lives until revoked.
        </p>
        {issued && (
          <div className="jw-issued" data-testid="issued">
            <div className="jw-result-head">
              <span className={`badge ${issuedRevoked ? 'danger' : 'ok'}`}>{issuedRevoked ? 'revoked' : 'active'}</span>
              <strong className="mono">{issued.prefix}</strong>
              <span className="muted small">for {issued.userId}</span>
            </div>
            <TokenText token={issued.key} testId="issued-key" />
            <p className="hint jw-tight">Shown once: Keydeck keeps no copy of issued keys.</p>
            <div className="actions">
              <button type="button" onClick={() => void copy('raw', issued.key)}>
                Copy key
              </button>
              <button type="button" onClick={() => onDecode(issued.key)}>
                Decode & verify →
              </button>
              <button
                type="button"
                className="danger-ghost"
                disabled={issuedRevoked}
                onClick={() => void revoke(issued.jti, `API key ${issued.prefix}`)}
                data-testid="revoke-issued"
              >
                Revoke
              </button>
            </div>
          </div>
        )}
      </form>
      <section className="card" aria-label="Revocations">
        <h3>Revocation list</h3>
        <form
          className="jw-row"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void revoke(jti.trim(), reason.trim() || undefined).then((err) => {
              if (!err) {
                setJti('');
                setReason('');
              }
            });
          }}
        >
          <input
            aria-label="jti to revoke"
            name="jti"
            value={jti}
            placeholder="jti of a token or API key"
            onChange={(e) => setJti(e.target.value)}
            className="mono"
            spellCheck={false}
            aria-invalid={!!revokeError}
            aria-describedby="error-revoke"
          />
          <input
            aria-label="Reason"
            name="reason"
            value={reason}
            placeholder="Reason (optional)"
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="submit" disabled={!jti.trim()}>
            Revoke
          </button>
        </form>
        <FieldError id="error-revoke" error={revokeError?.message} />
        {revocations.length === 0 ? (
          <p className="muted jw-tight" data-testid="revocations-empty">
            Nothing revoked. A revoked jti is rejected by Verify and by the sandbox even when its signature is valid.
          </p>
        ) : (
          <table className="table jw-table" data-testid="revocations">
            <thead>
              <tr>
                <th>jti</th>
                <th>Reason</th>
                <th>Revoked</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {revocations.map((r) => (
                <tr key={r.jti}>
                  <td className="mono jw-kid" title={r.jti}>
                    {r.jti}
                  </td>
                  <td>{r.reason ?? <span className="muted">—</span>}</td>
                  <td title={r.revokedAt}>{ago(r.revokedAt)}</td>
                  <td className="jw-row-actions">
                    <button className="small-btn" onClick={() => void unrevoke(r.jti)}>
                      Lift
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
