/** The Mint tab: a realtime session token for one of the workspace's realtime keys. */
import { useMemo, useState, type FormEvent } from 'react';
import type { JwtAlg } from '../../../../shared/ipc/jwt.js';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useApp } from '../../stores/app.js';
import { useJwt, type MintField } from '../../stores/jwt.js';
import { useSandbox } from '../../stores/sandbox.js';
import { Countdown } from './expiry-countdown.js';
import { TokenText } from './token-text.js';
import { BusyButton } from '../../components/busy-button.js';

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

export function MintPanel({ onDecode }: { onDecode: (token: string) => void }) {
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
  // Untouched fields follow the sandbox (its URL arrives with the first read).
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
        <Field
          as="select"
          label="Realtime key"
          name="key"
          value={keyId}
          onChange={(e) => setKey(e.target.value)}
          errorId="error-mint-key"
          error={err('key')}
        >
          {realtime.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Field>
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
          <Field
            label="Lifetime"
            name="ttl"
            value={ttl}
            placeholder="10m"
            onChange={(e) => setTtl(e.target.value)}
            aria-invalid={!!err('ttl')}
            aria-describedby="error-mint-ttl"
            spellCheck={false}
          />
          <Field
            label="Audience (aud)"
            name="aud"
            value={aud}
            onChange={(e) => setAud(e.target.value)}
            spellCheck={false}
          />
          <Field
            label="Scope"
            name="scope"
            value={scope}
            onChange={(e) => setScope(e.target.value)}
            spellCheck={false}
          />
        </div>
        <FieldError id="error-mint-ttl" error={err('ttl')} />
        {!err('ttl') && <small className="hint jw-tight">90s, 15m or 2h; between 1 second and 24 hours.</small>}
        <Field
          as="textarea"
          label="Custom claims (JSON)"
          name="claims"
          rows={3}
          value={claims}
          placeholder={'{"room": "demo"}'}
          onChange={(e) => setClaims(e.target.value)}
          errorId="error-mint-claims"
          error={claimsError}
          spellCheck={false}
        />
        <Field
          label={
            <>
              WebSocket URL <span className="muted">(for the ?token= copy form)</span>
            </>
          }
          name="wsUrl"
          value={wsUrl}
          placeholder="ws://127.0.0.1:8787/ws"
          onChange={(e) => setWsUrl(e.target.value)}
          errorId="error-mint-wsurl"
          error={err('wsUrl')}
          spellCheck={false}
        />
        <FieldError id="error-mint" error={err('form')} />
        <footer className="dialog-foot">
          <BusyButton type="submit" className="primary" busy={minting} disabled={!!claimsLive} data-testid="mint">
            {minting ? 'Minting…' : 'Mint token'}
          </BusyButton>
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
