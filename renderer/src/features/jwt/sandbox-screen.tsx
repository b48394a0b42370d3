/**
 * Realtime sandbox: start/stop the loopback server (it runs in main), its URLs, a live event log (pushed by main)
 * and a connection tester that reports the handshake status, close code/reason and latency.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SandboxEventView } from '../../../../shared/ipc/jwt.js';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useApp } from '../../stores/app.js';
import { useJwt } from '../../stores/jwt.js';
import { useSandbox } from '../../stores/sandbox.js';
import './jwt.css';

function ServerCard() {
  const status = useSandbox((s) => s.status);
  const starting = useSandbox((s) => s.starting);
  const startError = useSandbox((s) => s.startError);
  const start = useSandbox((s) => s.start);
  const stop = useSandbox((s) => s.stop);
  const realtime = useJwt((s) => s.realtimeKeys);
  const [port, setPort] = useState('0');
  const [aud, setAud] = useState('realtime');
  const [scope, setScope] = useState('realtime');
  const [tokenKey, setTokenKey] = useState('');
  const portNum = Number(port);
  const portBad = !/^\d{1,5}$/.test(port.trim()) || portNum > 65535;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (portBad) return;
    void start({
      port: portNum,
      ...(aud.trim() ? { audience: aud.trim() } : {}),
      ...(scope.trim() ? { scope: scope.trim() } : {}),
      ...(tokenKey ? { tokenKey } : {}),
    });
  }

  if (status.running) {
    return (
      <section className="card" aria-label="Sandbox server" data-testid="sandbox-running">
        <div className="jw-card-head">
          <h3>
            <span className="jw-live" aria-hidden="true" /> Running on 127.0.0.1:{status.port}
          </h3>
          <button className="danger-ghost" onClick={() => void stop()} data-testid="sandbox-stop">
            Stop
          </button>
        </div>
        <dl className="meta jw-meta">
          <dt>WebSocket</dt>
          <dd className="mono jw-select" data-testid="sandbox-url">
            {status.url}
          </dd>
          <dt>JWKS</dt>
          <dd className="mono jw-select" data-testid="sandbox-jwks">
            {status.jwksUrl}
          </dd>
          <dt>Token endpoint</dt>
          <dd className="mono jw-select">
            POST {status.tokenUrl}
            {status.tokenKey ? (
              <span className="muted"> · default key {status.tokenKey}</span>
            ) : (
              <span className="muted"> · body {'{"key":"NAME"}'}</span>
            )}
          </dd>
          <dt>Requires</dt>
          <dd>
            aud <code>{status.audience}</code> · scope <code>{status.scope}</code> · a valid, unrevoked token
          </dd>
          <dt>Sessions</dt>
          <dd data-testid="sandbox-connections">{status.connections} open</dd>
        </dl>
      </section>
    );
  }
  return (
    <form className="card form jw-form" onSubmit={submit} noValidate data-testid="sandbox-start-form">
      <h3>Start the sandbox</h3>
      <p className="hint jw-tight">
        A local realtime backend on 127.0.0.1 only: it serves your workspace’s JWKS, mints tokens at POST /token, and
        authenticates WebSocket upgrades the way production does.
      </p>
      <div className="jw-grid4">
        <Field
          label="Port"
          name="port"
          inputMode="numeric"
          value={port}
          onChange={(e) => setPort(e.target.value)}
          aria-invalid={portBad || startError?.code === 'PORT_IN_USE'}
          aria-describedby="error-sandbox-start"
        />
        <Field label="Audience" name="aud" value={aud} onChange={(e) => setAud(e.target.value)} spellCheck={false} />
        <Field label="Scope" name="scope" value={scope} onChange={(e) => setScope(e.target.value)} spellCheck={false} />
        <Field
          as="select"
          label="Token key"
          name="tokenKey"
          value={tokenKey}
          onChange={(e) => setTokenKey(e.target.value)}
        >
          <option value="">None (clients name one)</option>
          {realtime.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Field>
      </div>
      <FieldError
        id="error-sandbox-start"
        error={portBad ? 'A port is 0 to 65535 (0 picks a free one).' : startError?.message}
      />
      <footer className="dialog-foot jw-foot">
        <span className="hint">0 picks a free port.</span>
        <button type="submit" className="primary" disabled={starting || portBad} data-testid="sandbox-start">
          {starting ? 'Starting…' : 'Start sandbox'}
        </button>
      </footer>
    </form>
  );
}

type TokenMode = 'mint' | 'paste' | 'none';

function TesterCard() {
  const status = useSandbox((s) => s.status);
  const testing = useSandbox((s) => s.testing);
  const result = useSandbox((s) => s.test);
  const testError = useSandbox((s) => s.testError);
  const runTest = useSandbox((s) => s.runTest);
  const realtime = useJwt((s) => s.realtimeKeys);
  // Untouched, the URL follows the sandbox's.
  const [urlTyped, setUrl] = useState<string>();
  const url = urlTyped ?? status.url ?? '';
  const [mode, setMode] = useState<TokenMode>('mint');
  const [key, setKey] = useState('');
  const [token, setToken] = useState('');
  const [via, setVia] = useState<'header' | 'query' | 'protocol'>('header');
  const keyId = key || realtime[0]?.id || '';

  function submit(e: FormEvent) {
    e.preventDefault();
    void runTest({
      url: url.trim(),
      via,
      ...(mode === 'mint' && keyId ? { key: keyId } : {}),
      ...(mode === 'paste' && token.trim() ? { token: token.trim() } : {}),
    });
  }
  const body = result?.body ? parseBody(result.body) : undefined;
  return (
    <form className="card form jw-form" onSubmit={submit} noValidate data-testid="tester">
      <h3>Connection tester</h3>
      <Field
        label="WebSocket URL"
        name="test-url"
        value={url}
        placeholder="ws://127.0.0.1:8787/ws or wss://…"
        onChange={(e) => setUrl(e.target.value)}
        aria-invalid={!!testError}
        aria-describedby="error-test"
        spellCheck={false}
      />
      <div className="jw-row jw-wrap">
        <fieldset>
          <legend>Token</legend>
          <div className="segmented small" role="radiogroup" aria-label="Token">
            {(
              [
                ['mint', 'Mint for a realtime key'],
                ['paste', 'Paste a token'],
                ['none', 'No token'],
              ] as const
            ).map(([id, label]) => (
              <label key={id} className={mode === id ? 'on' : ''}>
                <input
                  type="radio"
                  name="token-mode"
                  value={id}
                  checked={mode === id}
                  onChange={() => setMode(id)}
                  aria-label={label}
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          as="select"
          label="Send it as"
          name="via"
          value={via}
          onChange={(e) => setVia(e.target.value as typeof via)}
        >
          <option value="header">Authorization: Bearer</option>
          <option value="query">?token= query</option>
          <option value="protocol">Sec-WebSocket-Protocol</option>
        </Field>
      </div>
      {mode === 'mint' &&
        (realtime.length ? (
          <Field
            as="select"
            label="Realtime key"
            name="test-key"
            value={keyId}
            onChange={(e) => setKey(e.target.value)}
            hint="An ES256 token for 5 minutes, with the sandbox’s audience and scope when it is running."
          >
            {realtime.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Field>
        ) : (
          <p className="hint">Add a realtime key in Credentials to mint test tokens, or paste a token.</p>
        ))}
      {mode === 'paste' && (
        <Field
          as="textarea"
          label="Token"
          name="test-token"
          rows={3}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          spellCheck={false}
        />
      )}
      <FieldError id="error-test" error={testError?.message} />
      <footer className="dialog-foot">
        <button
          type="submit"
          className="primary"
          disabled={testing || !url.trim() || (mode === 'mint' && !keyId) || (mode === 'paste' && !token.trim())}
          data-testid="test-connect"
        >
          {testing ? 'Connecting…' : 'Connect'}
        </button>
      </footer>
      {result && (
        <div className={`jw-verdict ${result.ok ? 'ok' : 'bad'}`} role="status" data-testid="test-result">
          <strong>{result.ok ? '✓ Connected' : '✗ Refused'}</strong>
          <dl className="meta jw-meta">
            <dt>Handshake</dt>
            <dd data-testid="test-status">
              {result.status !== undefined ? `HTTP ${result.status}` : 'no answer'}
              {result.latencyMs !== undefined && <span className="muted"> · {result.latencyMs} ms</span>}
            </dd>
            <dt>Token</dt>
            <dd>
              {result.token === 'minted' ? 'minted for this test' : result.token === 'pasted' ? 'pasted' : 'none sent'}
            </dd>
            {body && (
              <>
                <dt>Reason</dt>
                <dd data-testid="test-reason">
                  <code>{body.error}</code> {body.message}
                </dd>
              </>
            )}
            {result.closeCode !== undefined && (
              <>
                <dt>Closed</dt>
                <dd data-testid="test-close">
                  {result.closeCode}
                  {result.closeReason ? ` · ${result.closeReason}` : ''}
                </dd>
              </>
            )}
            {result.firstMessage && (
              <>
                <dt>First message</dt>
                <dd className="mono jw-msg" data-testid="test-message">
                  {result.firstMessage}
                </dd>
              </>
            )}
            {result.error && (
              <>
                <dt>Error</dt>
                <dd>{result.error}</dd>
              </>
            )}
          </dl>
        </div>
      )}
    </form>
  );
}

function parseBody(text: string): { error: string; message: string } | undefined {
  try {
    const v = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof v.error === 'string') return { error: v.error, message: typeof v.message === 'string' ? v.message : '' };
  } catch {
    // not JSON: shown raw below
  }
  return { error: 'body', message: text.slice(0, 300) };
}

const TONE: Record<SandboxEventView['type'], string> = {
  listening: 'ok',
  connect: 'ok',
  refusal: 'danger',
  message: '',
  close: '',
  token: 'info',
  stopped: 'warn',
};

function EventLog() {
  const events = useSandbox((s) => s.events);
  const running = useSandbox((s) => s.status.running);
  const clear = useSandbox((s) => s.clearLog);
  const ref = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [events.length]);
  return (
    <section className="card jw-log-card" aria-label="Event log">
      <div className="jw-card-head">
        <h3>Event log</h3>
        <button className="small-btn" onClick={clear} disabled={!events.length}>
          Clear
        </button>
      </div>
      {events.length === 0 ? (
        <p className="muted jw-tight" data-testid="log-empty">
          {running
            ? 'Waiting for clients. Run the connection tester above, or connect your app to the WebSocket URL.'
            : 'Start the sandbox; connects, refusals with their reasons, messages and closes appear here live.'}
        </p>
      ) : (
        <ol className="jw-log" ref={ref} data-testid="event-log" aria-live="polite" aria-relevant="additions">
          {events.map((e) => (
            <li key={e.seq} className={`jw-ev ${e.type}`}>
              <time className="mono muted">{e.at.slice(11, 19)}</time>
              <span className={`badge ${TONE[e.type]}`}>{e.type}</span>
              <span className="jw-ev-text">{detail(e)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function detail(e: SandboxEventView): string {
  switch (e.type) {
    case 'refusal':
      return `${e.status} ${e.reason}: ${e.message}`;
    case 'connect':
      return `session ${e.session}${e.sub ? ` · sub ${e.sub}` : ''}${e.via ? ` · via ${e.via}` : ''}`;
    case 'message':
      return `session ${e.session} · ${e.bytes} bytes`;
    case 'close':
      return `session ${e.session} · code ${e.code}${e.reason ? ` · ${e.reason}` : ''}`;
    default:
      return e.line.slice(13);
  }
}

export function SandboxScreen() {
  const activeId = useApp((s) => s.activeId);
  const connect = useSandbox((s) => s.connect);
  const loadJwt = useJwt((s) => s.load);
  useEffect(() => {
    void loadJwt();
  }, [activeId, loadJwt]);
  useEffect(() => connect(), [connect]);
  return (
    <section className="screen jw-screen" aria-labelledby="sandbox-title" data-testid="sandbox-screen">
      <header className="screen-head">
        <h1 id="sandbox-title">Realtime sandbox</h1>
        <p className="muted">
          Test realtime clients against a local backend that checks tokens like production: signature, exp, aud, scope
          and revocation, refused with 401/403 and a JSON reason before the upgrade.
        </p>
      </header>
      <ServerCard />
      <div className="jw-two">
        <TesterCard />
        <EventLog />
      </div>
    </section>
  );
}
