/** The Decode & verify tab: a pasted token decoded as you type, verified against a chosen key source. */
import { useRef, useState, type FormEvent } from 'react';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useJwt, type VerifyForm } from '../../stores/jwt.js';
import { useSandbox } from '../../stores/sandbox.js';
import { Countdown } from './expiry-countdown.js';
import { BusyButton } from '../../components/busy-button.js';

type SourceKind = 'local' | 'credential' | 'secret' | 'jwk' | 'jwks-url';
const SOURCES: { id: SourceKind; label: string }[] = [
  { id: 'local', label: 'Local keys' },
  { id: 'credential', label: 'Realtime key' },
  { id: 'secret', label: 'Secret' },
  { id: 'jwk', label: 'JWK / JWKS' },
  { id: 'jwks-url', label: 'JWKS URL' },
];

export function VerifyPanel() {
  const token = useJwt((s) => s.token);
  const decoded = useJwt((s) => s.decoded);
  const decodeError = useJwt((s) => s.decodeError);
  const verified = useJwt((s) => s.verified);
  const verifyError = useJwt((s) => s.verifyError);
  const verifying = useJwt((s) => s.verifying);
  const realtime = useJwt((s) => s.realtimeKeys);
  const setToken = useJwt((s) => s.setToken);
  const verify = useJwt((s) => s.verify);
  const clearVerify = useJwt((s) => s.clearVerify);
  const formRef = useRef<HTMLFormElement>(null);
  const revoke = useJwt((s) => s.revoke);
  const sandboxJwks = useSandbox((s) => s.status.jwksUrl);
  const [kind, setKind] = useState<SourceKind>('local');
  const [credential, setCredential] = useState('');
  const [secret, setSecret] = useState('');
  const [jwk, setJwk] = useState('');
  const [jwksUrlTyped, setJwksUrl] = useState<string>();
  const jwksUrl = jwksUrlTyped ?? sandboxJwks ?? '';
  const [aud, setAud] = useState('');
  const [iss, setIss] = useState('');
  const [scope, setScope] = useState('');

  function submit(e: FormEvent) {
    e.preventDefault();
    const source: VerifyForm['source'] =
      kind === 'credential'
        ? { kind, id: credential || realtime[0]?.id || '' }
        : kind === 'secret'
          ? { kind, secret }
          : kind === 'jwk'
            ? { kind, json: jwk }
            : kind === 'jwks-url'
              ? { kind, url: jwksUrl.trim() }
              : { kind: 'local' };
    void verify({
      source,
      ...(aud.trim() ? { audience: aud.trim() } : {}),
      ...(iss.trim() ? { issuer: iss.trim() } : {}),
      ...(scope.trim() ? { scope: scope.trim() } : {}),
    });
  }
  // The key-source fields share one error, shown under them all.
  const sourceAria = { 'aria-invalid': !!verifyError, 'aria-describedby': 'error-verify' };
  const jti = typeof decoded?.claims.jti === 'string' ? decoded.claims.jti : undefined;
  const sourceInvalid =
    (kind === 'secret' && !secret) ||
    (kind === 'jwk' && !jwk.trim()) ||
    (kind === 'jwks-url' && !jwksUrl.trim()) ||
    (kind === 'credential' && !realtime.length);

  const decodedView = decoded ? (
    <div className="jw-stack" data-testid="decoded">
      <section className="card" aria-label="Header">
        <div className="jw-card-head">
          <h3>Header</h3>
          {decoded.prefix && (
            <span className="badge" title="API key prefix">
              {decoded.prefix}
            </span>
          )}
        </div>
        <pre className="jw-json" data-testid="decoded-header">
          {decoded.headerText}
        </pre>
      </section>
      <section className="card" aria-label="Claims">
        <div className="jw-card-head">
          <h3>Claims</h3>
          <Countdown exp={decoded.claims.exp} testId="decoded-countdown" />
        </div>
        <pre className="jw-json" data-testid="decoded-claims">
          {decoded.claimsText}
        </pre>
        {decoded.expiresAt && <p className="muted small jw-after">exp {decoded.expiresAt}</p>}
      </section>
    </div>
  ) : (
    <section className="card jw-placeholder" aria-label="Decoded token">
      <h3>Header & claims</h3>
      <p className="muted">
        {decodeError
          ? 'Fix the token on the left to see its header and claims.'
          : 'Paste a token on the left: its header and claims appear here, with a live expiry countdown.'}
      </p>
    </section>
  );

  return (
    <div className="jw-two">
      <div className="jw-stack">
        <section className="card form jw-form" aria-label="Token">
          <Field
            as="textarea"
            label="Token"
            name="token"
            rows={5}
            value={token}
            placeholder="Paste a JWT, an Authorization: Bearer … line or an sk-live- API key"
            onChange={(e) => void setToken(e.target.value)}
            onKeyDown={(e) => {
              // Ctrl/Cmd+Enter verifies straight from the token field.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                formRef.current?.requestSubmit();
              }
            }}
            errorId="error-decode"
            error={decodeError?.message}
            spellCheck={false}
            data-testid="verify-token"
          />
          {!token.trim() && (
            <p className="muted small jw-tight">
              Decoding happens as you paste; nothing is verified until you press <strong>Verify</strong> (or{' '}
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd>).
            </p>
          )}
        </section>
        <form className="card form jw-form" ref={formRef} onSubmit={submit} noValidate data-testid="verify-form">
          <h3>Verify</h3>
          <fieldset>
            <legend>Verify against</legend>
            <div className="segmented small" role="radiogroup" aria-label="Verify against">
              {SOURCES.map((s) => (
                <label key={s.id} className={kind === s.id ? 'on' : ''}>
                  <input
                    type="radio"
                    name="source"
                    value={s.id}
                    checked={kind === s.id}
                    onChange={() => {
                      setKind(s.id);
                      clearVerify();
                    }}
                    aria-label={s.label}
                  />
                  {s.label}
                </label>
              ))}
            </div>
          </fieldset>
          {kind === 'local' && (
            <p className="hint jw-tight">
              The workspace’s signing keys, found by the token’s <code>kid</code> (realtime keys’ HS256 secrets
              included). sk-live- API keys are checked against the revocation list too.
            </p>
          )}
          {kind === 'credential' &&
            (realtime.length ? (
              <Field
                as="select"
                label="Realtime key (HS256 secret)"
                name="verify-key"
                value={credential}
                onChange={(e) => setCredential(e.target.value)}
              >
                {realtime.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </Field>
            ) : (
              <p className="hint">No realtime keys in this workspace.</p>
            ))}
          {kind === 'secret' && (
            <Field
              label="HMAC secret"
              name="secret"
              {...sourceAria}
              type="password"
              autoComplete="off"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
          )}
          {kind === 'jwk' && (
            <Field
              as="textarea"
              label="JWK or JWKS (JSON)"
              name="jwk"
              {...sourceAria}
              rows={4}
              value={jwk}
              placeholder={'{"keys":[{"kty":"EC","crv":"P-256","x":"…","y":"…","kid":"…"}]}'}
              onChange={(e) => setJwk(e.target.value)}
              spellCheck={false}
            />
          )}
          {kind === 'jwks-url' && (
            <Field
              label="JWKS URL (localhost only)"
              name="jwks-url"
              {...sourceAria}
              value={jwksUrl}
              placeholder="http://127.0.0.1:8787/.well-known/jwks.json"
              onChange={(e) => setJwksUrl(e.target.value)}
              spellCheck={false}
            />
          )}
          <FieldError id="error-verify" error={verifyError?.message} />
          <div className="jw-grid3">
            <Field
              label="Expected aud"
              name="expect-aud"
              value={aud}
              onChange={(e) => setAud(e.target.value)}
              spellCheck={false}
            />
            <Field
              label="Expected iss"
              name="expect-iss"
              value={iss}
              onChange={(e) => setIss(e.target.value)}
              spellCheck={false}
            />
            <Field
              label="Required scope"
              name="expect-scope"
              value={scope}
              onChange={(e) => setScope(e.target.value)}
              spellCheck={false}
            />
          </div>
          <footer className="dialog-foot jw-foot">
            <span className="hint">
              Empty expectations are not checked. Algorithms are pinned to the key; exp is required (30 s tolerance).
            </span>
            <BusyButton
              type="submit"
              className="primary"
              busy={verifying}
              disabled={!token.trim() || sourceInvalid}
              data-testid="verify"
            >
              {verifying ? 'Verifying…' : 'Verify'}
            </BusyButton>
          </footer>
          {verified && (
            <div className={`jw-verdict ${verified.ok ? 'ok' : 'bad'}`} role="status" data-testid="verify-result">
              {verified.ok ? (
                <>
                  <strong>✓ Valid</strong>
                  <span>
                    {verified.alg}
                    {verified.kid ? ` · kid ${verified.kid}` : ''}
                  </span>
                </>
              ) : (
                <>
                  <strong>✗ Rejected</strong>
                  <code data-testid="verify-reason">{verified.reason}</code>
                  <span>{verified.message}</span>
                </>
              )}
              {jti && (!('reason' in verified) || verified.reason !== 'revoked') && (
                <button
                  type="button"
                  className="small-btn danger-ghost jw-verdict-btn"
                  onClick={() => void revoke(jti, 'revoked from the workbench')}
                >
                  Revoke this jti
                </button>
              )}
            </div>
          )}
        </form>
      </div>
      {decodedView}
    </div>
  );
}
