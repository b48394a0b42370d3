/**
 * JWT workbench: the workspace's signing keys and JWKS, a mint form for realtime keys, decode & verify
 * of any pasted token with a live expiry countdown, and JWT-shaped API keys with their revocation list.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { JwtAlg } from '../../../../shared/ipc/jwt.js';
import { FieldError } from '../../components/dialog.js';
import { useApp } from '../../stores/app.js';
import { useJwt, type MintField, type VerifyForm } from '../../stores/jwt.js';
import { useSandbox } from '../../stores/sandbox.js';
import { ago, describeRemaining } from './countdown.js';
import './jwt.css';

const TABS = [
  { id: 'mint', label: 'Mint' },
  { id: 'verify', label: 'Decode & verify' },
  { id: 'keys', label: 'Signing keys' },
  { id: 'apikeys', label: 'API keys' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** A tab strip with arrow-key movement (WAI-ARIA tabs pattern). */
export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
  label,
}: {
  tabs: readonly { id: T; label: string }[];
  value: T;
  onChange: (t: T) => void;
  label: string;
}) {
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const i = tabs.findIndex((t) => t.id === value);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    onChange(next.id);
    requestAnimationFrame(() => document.getElementById(`tab-${next.id}`)?.focus());
  };
  return (
    <div className="jw-tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((t) => (
        <button
          key={t.id}
          id={`tab-${t.id}`}
          role="tab"
          type="button"
          aria-selected={t.id === value}
          aria-controls={`panel-${t.id}`}
          tabIndex={t.id === value ? 0 : -1}
          className={t.id === value ? 'on' : ''}
          onClick={() => onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** A JWT with its three segments tinted (header · payload · signature). */
export function TokenText({ token, testId }: { token: string; testId?: string }) {
  const prefix = token.startsWith('sk-live-') ? 'sk-live-' : '';
  const [h = '', p = '', s = ''] = token.slice(prefix.length).split('.');
  return (
    <code className="jw-token" data-testid={testId}>
      {prefix && <span className="jw-seg-p">{prefix}</span>}
      <span className="jw-seg-h">{h}</span>.<span className="jw-seg-c">{p}</span>.<span className="jw-seg-s">{s}</span>
    </code>
  );
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

function Countdown({ exp, testId }: { exp?: unknown; testId: string }) {
  const has = typeof exp === 'number';
  const now = useNow(has);
  if (!has) {
    return (
      <span className="badge warn" data-testid={testId}>
        no exp
      </span>
    );
  }
  const text = describeRemaining(exp, now);
  const left = exp - now / 1000;
  const tone = left < 0 ? 'danger' : left < 60 ? 'warn' : 'ok';
  return (
    <span className={`badge ${tone}`} data-testid={testId} aria-live="off">
      {text}
    </span>
  );
}

function NoRealtimeKeys() {
  const setScreen = useApp((s) => s.setScreen);
  return (
    <div className="empty small-empty" data-testid="jwt-no-realtime">
      <div className="empty-art" aria-hidden="true">
        JWT
      </div>
      <h2>Tokens are minted for a realtime key</h2>
      <p>
        Add a credential of kind <strong>Realtime</strong> first. Its name becomes the token’s <code>sub</code>, and
        HS256 tokens are signed with its secret.
      </p>
      <button className="primary" onClick={() => setScreen('credentials')}>
        Go to Credentials
      </button>
    </div>
  );
}

// ---------------------------------------------------------------- mint

const ALGS: { id: JwtAlg; hint: string }[] = [
  { id: 'ES256', hint: 'Workspace key pair; verifiable from the JWKS.' },
  { id: 'EdDSA', hint: 'Ed25519 key pair; verifiable from the JWKS.' },
  { id: 'HS256', hint: 'Signed with the realtime key’s own secret.' },
];

function claimsProblem(text: string): string | undefined {
  if (!text.trim()) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return `Not valid JSON: ${(err as Error).message.split('\n')[0]}`;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'Custom claims must be a JSON object.';
  for (const t of ['exp', 'nbf', 'iat']) {
    if (t in v) return `"${t}" is set from the lifetime; remove it from the custom claims.`;
  }
  return undefined;
}

function MintPanel({ onDecode }: { onDecode: (token: string) => void }) {
  const realtime = useJwt((s) => s.realtimeKeys);
  const minted = useJwt((s) => s.minted);
  const mintError = useJwt((s) => s.mintError);
  const minting = useJwt((s) => s.minting);
  const mint = useJwt((s) => s.mint);
  const copy = useJwt((s) => s.copy);
  const sandboxUrl = useSandbox((s) => s.status.url);
  const [key, setKey] = useState('');
  const [alg, setAlg] = useState<JwtAlg>('ES256');
  const [ttl, setTtl] = useState('10m');
  const [aud, setAud] = useState('realtime');
  const [scope, setScope] = useState('realtime');
  // Untouched fields follow the sandbox (its URL arrives with the first poll).
  const [wsUrlTyped, setWsUrl] = useState<string>();
  const wsUrl = wsUrlTyped ?? sandboxUrl ?? '';
  const [claims, setClaims] = useState('');
  const claimsLive = useMemo(() => claimsProblem(claims), [claims]);
  const keyId = key || realtime[0]?.id || '';

  if (!realtime.length) return <NoRealtimeKeys />;

  const err = (f: MintField) => (mintError?.field === f ? mintError.error.message : undefined);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (claimsLive) return;
    void mint({
      key: keyId,
      alg,
      ttl: ttl.trim() || '10m',
      template: 'realtime-session',
      audience: aud.trim() || undefined,
      scope: scope.trim() || undefined,
      ...(claims.trim() ? { claims } : {}),
      ...(wsUrl.trim() ? { wsUrl: wsUrl.trim() } : {}),
    });
  }
  const claimsError = claimsLive ?? err('claims');
  return (
    <div className="jw-two">
      <form className="card form jw-form" onSubmit={submit} noValidate data-testid="mint-form">
        <h3>Realtime session token</h3>
        <label>
          <span>Realtime key</span>
          <select
            name="key"
            value={keyId}
            onChange={(e) => setKey(e.target.value)}
            aria-invalid={!!err('key')}
            aria-describedby="error-mint-key"
          >
            {realtime.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <FieldError id="error-mint-key" error={err('key')} />
        </label>
        <fieldset>
          <legend>Algorithm</legend>
          <div className="segmented small" role="radiogroup" aria-label="Algorithm">
            {ALGS.map((a) => (
              <label key={a.id} className={alg === a.id ? 'on' : ''}>
                <input
                  type="radio"
                  name="alg"
                  value={a.id}
                  checked={alg === a.id}
                  onChange={() => setAlg(a.id)}
                  aria-label={a.id}
                />
                {a.id}
              </label>
            ))}
          </div>
          <small className="hint">{ALGS.find((a) => a.id === alg)!.hint}</small>
        </fieldset>
        <div className="jw-grid3">
          <label>
            <span>Lifetime</span>
            <input
              name="ttl"
              value={ttl}
              placeholder="10m"
              onChange={(e) => setTtl(e.target.value)}
              aria-invalid={!!err('ttl')}
              aria-describedby="error-mint-ttl"
              spellCheck={false}
            />
          </label>
          <label>
            <span>Audience (aud)</span>
            <input name="aud" value={aud} onChange={(e) => setAud(e.target.value)} spellCheck={false} />
          </label>
          <label>
            <span>Scope</span>
            <input name="scope" value={scope} onChange={(e) => setScope(e.target.value)} spellCheck={false} />
          </label>
        </div>
        <FieldError id="error-mint-ttl" error={err('ttl')} />
        {!err('ttl') && <small className="hint jw-tight">90s, 15m or 2h; between 1 second and 24 hours.</small>}
        <label>
          <span>Custom claims (JSON)</span>
          <textarea
            name="claims"
            rows={3}
            value={claims}
            placeholder={'{"room": "demo"}'}
            onChange={(e) => setClaims(e.target.value)}
            aria-invalid={!!claimsError}
            aria-describedby="error-mint-claims"
            spellCheck={false}
          />
          <FieldError id="error-mint-claims" error={claimsError} />
        </label>
        <label>
          <span>
            WebSocket URL <span className="muted">(for the ?token= copy form)</span>
          </span>
          <input
            name="wsUrl"
            value={wsUrl}
            placeholder="ws://127.0.0.1:8787/ws"
            onChange={(e) => setWsUrl(e.target.value)}
            aria-invalid={!!err('wsUrl')}
            aria-describedby="error-mint-wsurl"
            spellCheck={false}
          />
          <FieldError id="error-mint-wsurl" error={err('wsUrl')} />
        </label>
        <FieldError id="error-mint" error={err('form')} />
        <footer className="dialog-foot">
          <button type="submit" className="primary" disabled={minting || !!claimsLive} data-testid="mint">
            {minting ? 'Minting…' : 'Mint token'}
          </button>
        </footer>
      </form>
      <section className="card jw-result" aria-label="Minted token" data-testid="mint-result">
        <h3>Result</h3>
        {!minted ? (
          <p className="muted">
            Pick a realtime key and press <kbd>Enter</kbd> or <strong>Mint token</strong>. The token appears here with
            its claims, ready to copy.
          </p>
        ) : (
          <>
            <div className="jw-result-head">
              <span className="badge">{minted.alg}</span>
              <span className="mono small jw-ellipsis" title={minted.kid}>
                kid {minted.kid}
              </span>
              <Countdown exp={minted.claims.exp} testId="mint-countdown" />
            </div>
            <TokenText token={minted.token} testId="minted-token" />
            <div className="actions">
              <button onClick={() => void copy('raw', minted.token)} data-testid="copy-raw">
                Copy token
              </button>
              <button onClick={() => void copy('header', minted.token)} data-testid="copy-header">
                Copy as Authorization: Bearer
              </button>
              <button
                onClick={() => void copy('url', minted.token, wsUrl.trim())}
                disabled={!minted.forms.url}
                title={minted.forms.url ? minted.forms.url.replace(/token=.*/, 'token=…') : 'Give a ws:// URL first'}
                data-testid="copy-url"
              >
                Copy ws://…?token=
              </button>
              <button className="jw-link" onClick={() => onDecode(minted.token)} data-testid="to-verify">
                Decode & verify →
              </button>
            </div>
            <pre className="jw-json" data-testid="minted-claims">
              {JSON.stringify(minted.claims, null, 2)}
            </pre>
          </>
        )}
      </section>
    </div>
  );
}

// ---------------------------------------------------------------- decode & verify

type SourceKind = 'local' | 'credential' | 'secret' | 'jwk' | 'jwks-url';
const SOURCES: { id: SourceKind; label: string }[] = [
  { id: 'local', label: 'Local keys' },
  { id: 'credential', label: 'Realtime key' },
  { id: 'secret', label: 'Secret' },
  { id: 'jwk', label: 'JWK / JWKS' },
  { id: 'jwks-url', label: 'JWKS URL' },
];

function VerifyPanel() {
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
          <label>
            <span>Token</span>
            <textarea
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
              aria-invalid={!!decodeError}
              aria-describedby="error-decode"
              spellCheck={false}
              data-testid="verify-token"
            />
            <FieldError id="error-decode" error={decodeError?.message} />
          </label>
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
              <label>
                <span>Realtime key (HS256 secret)</span>
                <select name="verify-key" value={credential} onChange={(e) => setCredential(e.target.value)}>
                  {realtime.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <p className="hint">No realtime keys in this workspace.</p>
            ))}
          {kind === 'secret' && (
            <label>
              <span>HMAC secret</span>
              <input
                name="secret"
                aria-invalid={!!verifyError}
                aria-describedby="error-verify"
                type="password"
                autoComplete="off"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
              />
            </label>
          )}
          {kind === 'jwk' && (
            <label>
              <span>JWK or JWKS (JSON)</span>
              <textarea
                name="jwk"
                aria-invalid={!!verifyError}
                aria-describedby="error-verify"
                rows={4}
                value={jwk}
                placeholder={'{"keys":[{"kty":"EC","crv":"P-256","x":"…","y":"…","kid":"…"}]}'}
                onChange={(e) => setJwk(e.target.value)}
                spellCheck={false}
              />
            </label>
          )}
          {kind === 'jwks-url' && (
            <label>
              <span>JWKS URL (localhost only)</span>
              <input
                name="jwks-url"
                aria-invalid={!!verifyError}
                aria-describedby="error-verify"
                value={jwksUrl}
                placeholder="http://127.0.0.1:8787/.well-known/jwks.json"
                onChange={(e) => setJwksUrl(e.target.value)}
                spellCheck={false}
              />
            </label>
          )}
          <FieldError id="error-verify" error={verifyError?.message} />
          <div className="jw-grid3">
            <label>
              <span>Expected aud</span>
              <input name="expect-aud" value={aud} onChange={(e) => setAud(e.target.value)} spellCheck={false} />
            </label>
            <label>
              <span>Expected iss</span>
              <input name="expect-iss" value={iss} onChange={(e) => setIss(e.target.value)} spellCheck={false} />
            </label>
            <label>
              <span>Required scope</span>
              <input name="expect-scope" value={scope} onChange={(e) => setScope(e.target.value)} spellCheck={false} />
            </label>
          </div>
          <footer className="dialog-foot jw-foot">
            <span className="hint">
              Empty expectations are not checked. Algorithms are pinned to the key; exp is required (30 s tolerance).
            </span>
            <button
              type="submit"
              className="primary"
              disabled={!token.trim() || verifying || sourceInvalid}
              data-testid="verify"
            >
              {verifying ? 'Verifying…' : 'Verify'}
            </button>
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

// ---------------------------------------------------------------- signing keys

function KeysPanel() {
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

// ---------------------------------------------------------------- API keys

function ApiKeysPanel({ onDecode }: { onDecode: (token: string) => void }) {
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
          <label className="jw-grow">
            <span>User id</span>
            <input
              name="userId"
              value={userId}
              placeholder="user_123"
              onChange={(e) => setUserId(e.target.value)}
              aria-invalid={!!issueError}
              aria-describedby="error-issue"
              spellCheck={false}
            />
          </label>
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

export function JwtScreen() {
  const activeId = useApp((s) => s.activeId);
  const load = useJwt((s) => s.load);
  const loaded = useJwt((s) => s.loaded);
  const setToken = useJwt((s) => s.setToken);
  const [tab, setTab] = useState<Tab>('mint');
  const first = useRef(true);
  useEffect(() => {
    void load();
    // Pick up the sandbox URL (if running) for the copy form and the JWKS URL.
    if (first.current) void useSandbox.getState().poll();
    first.current = false;
  }, [activeId, load]);
  const toVerify = (token: string) => {
    void setToken(token);
    setTab('verify');
  };
  return (
    <section className="screen jw-screen" aria-labelledby="jwt-title" data-testid="jwt-screen">
      <header className="screen-head">
        <h1 id="jwt-title">JWT workbench</h1>
        <p className="muted">
          Mint short-lived tokens for realtime keys, decode and verify any token, and manage signing keys and API keys,
          all locally.
        </p>
      </header>
      <Tabs tabs={TABS} value={tab} onChange={setTab} label="JWT workbench" />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="jw-panel">
        {!loaded ? (
          <p className="muted">Loading…</p>
        ) : tab === 'mint' ? (
          <MintPanel onDecode={toVerify} />
        ) : tab === 'verify' ? (
          <VerifyPanel />
        ) : tab === 'keys' ? (
          <KeysPanel />
        ) : (
          <ApiKeysPanel onDecode={toVerify} />
        )}
      </div>
    </section>
  );
}
