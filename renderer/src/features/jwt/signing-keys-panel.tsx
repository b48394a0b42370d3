/** The Signing keys tab: the workspace's signing keys and the JWKS built from their public halves. */
import { useState } from 'react';
import { FieldError } from '../../components/dialog.js';
import { useJwt } from '../../stores/jwt.js';
import { ago } from './relative-time.js';

export function KeysPanel() {
  const keys = useJwt((s) => s.keys);
  const jwks = useJwt((s) => s.jwks);
  const realtime = useJwt((s) => s.realtimeKeys);
  const keyError = useJwt((s) => s.keyError);
  const createKey = useJwt((s) => s.createKey);
  const removeKey = useJwt((s) => s.removeKey);
  const copyJwks = useJwt((s) => s.copyJwks);
  const [fromKey, setFromKey] = useState('');
  const [confirm, setConfirm] = useState<string>();
  const [showJwks, setShowJwks] = useState(false);
  const rt = fromKey || realtime[0]?.id || '';
  return (
    <div className="jw-stack">
      <section className="card" aria-label="Create a signing key">
        <h3>New signing key</h3>
        <div className="actions jw-create">
          <button onClick={() => void createKey('ES256')} data-testid="create-es256">
            + ES256 key pair
          </button>
          <button onClick={() => void createKey('EdDSA')} data-testid="create-eddsa">
            + EdDSA key pair
          </button>
          <button onClick={() => void createKey('HS256')}>+ HS256 secret</button>
          <span className="jw-sep" aria-hidden="true" />
          <select
            aria-label="Realtime key for an HS256 signing key"
            value={rt}
            onChange={(e) => setFromKey(e.target.value)}
            disabled={!realtime.length}
            className="jw-inline-select"
          >
            {!realtime.length && <option value="">No realtime keys</option>}
            {realtime.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button disabled={!rt} onClick={() => void createKey('HS256', rt)} data-testid="create-hs256-from">
            + HS256 from this realtime key
          </button>
        </div>
        <p className="hint">
          Private halves stay in the keychain; only the kid, algorithm and public key are listed. Minting ES256 or EdDSA
          creates the workspace key on first use.
        </p>
        <FieldError id="error-keys" error={keyError?.message} />
      </section>
      {keys.length === 0 ? (
        <div className="empty small-empty" data-testid="keys-empty">
          <h2>No signing keys yet</h2>
          <p>Create an ES256 key pair above, or just mint a token: the workspace key is created on first use.</p>
        </div>
      ) : (
        <table className="table jw-table" data-testid="keys-table">
          <thead>
            <tr>
              <th>kid</th>
              <th>Algorithm</th>
              <th>Source</th>
              <th>Created</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.kid}>
                <td className="mono jw-kid" title={k.kid}>
                  {k.kid}
                </td>
                <td>
                  <span className="badge">{k.alg}</span>
                </td>
                <td>
                  {k.source === 'credential' ? (
                    <span>
                      secret of <strong>{k.credentialName ?? 'a deleted key'}</strong>
                    </span>
                  ) : (
                    <span className="muted">generated{k.publicJwk ? ' · in JWKS' : ' · secret'}</span>
                  )}
                </td>
                <td title={k.createdAt}>{ago(k.createdAt)}</td>
                <td className="jw-row-actions">
                  {confirm === k.kid ? (
                    <>
                      <button className="small-btn danger" onClick={() => void removeKey(k.kid)}>
                        Remove
                      </button>
                      <button className="small-btn" onClick={() => setConfirm(undefined)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <button
                      className="small-btn danger-ghost"
                      aria-label={`Remove ${k.kid}`}
                      onClick={() => setConfirm(k.kid)}
                    >
                      Remove…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section className="card" aria-label="JWKS">
        <div className="jw-card-head">
          <h3>
            JWKS · {jwks.keys.length} public key{jwks.keys.length === 1 ? '' : 's'}
          </h3>
          <div className="actions">
            <button className="small-btn" onClick={() => setShowJwks(!showJwks)} aria-expanded={showJwks}>
              {showJwks ? 'Hide' : 'View'}
            </button>
            <button className="small-btn" onClick={() => void copyJwks()} data-testid="copy-jwks">
              Copy JWKS
            </button>
          </div>
        </div>
        {showJwks && (
          <pre className="jw-json" data-testid="jwks">
            {JSON.stringify(jwks, null, 2)}
          </pre>
        )}
        <p className="hint jw-tight">The realtime sandbox serves this set at /.well-known/jwks.json.</p>
      </section>
    </div>
  );
}
