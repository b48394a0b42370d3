/**
 * The sandbox's connection tester: connects to a WebSocket URL with a minted, pasted or no token and
 * reports the handshake status, close code/reason, first message and latency (Test once), or opens a
 * session that stays open to send and watch frames (Open session, see sandbox-ws-card.tsx).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useJwt } from '../../stores/jwt.js';
import { useSandbox } from '../../stores/sandbox.js';
import { BusyButton } from '../../components/busy-button.js';
import { useRescueFocus } from '../../lib/focus.js';
import { useWsTester } from '../../stores/ws-tester.js';

type TokenMode = 'mint' | 'paste' | 'none';
export function TesterCard() {
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
  const sessionOpen = useWsTester((s) => s.open);
  const connecting = useWsTester((s) => s.connecting);
  const openError = useWsTester((s) => s.openError);
  const openSession = useWsTester((s) => s.openSession);
  const resultRef = useRef<HTMLDivElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  // The verdict may land below the fold: bring it into view when it arrives.
  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [result]);
  // When the session ends, its Close button is gone: focus comes back to Open session.
  useRescueFocus(openRef, sessionOpen);

  const request = () => ({
    url: url.trim(),
    via,
    ...(mode === 'mint' && keyId ? { key: keyId } : {}),
    ...(mode === 'paste' && token.trim() ? { token: token.trim() } : {}),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    void runTest(request());
  }
  const error = testError ?? openError;
  const cannot = !url.trim() || (mode === 'mint' && !keyId) || (mode === 'paste' && !token.trim());
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
        aria-invalid={!!error}
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
      <FieldError id="error-test" error={error?.message} />
      <footer className="dialog-foot">
        <BusyButton
          ref={openRef}
          type="button"
          busy={connecting}
          disabled={cannot || sessionOpen}
          title={sessionOpen ? 'A session is open: close it first' : 'Stay connected to send and watch frames'}
          onClick={() => void openSession(request())}
          data-testid="ws-open"
        >
          {connecting ? 'Opening…' : 'Open session'}
        </BusyButton>
        <BusyButton type="submit" className="primary" busy={testing} disabled={cannot} data-testid="test-connect">
          {testing ? 'Connecting…' : 'Connect'}
        </BusyButton>
      </footer>
      {result && (
        <div
          ref={resultRef}
          className={`jw-verdict ${result.ok ? 'ok' : 'bad'}`}
          role="status"
          data-testid="test-result"
        >
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
