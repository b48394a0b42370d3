/**
 * The sandbox's server card: the start form (port, audience, scope, default token key) or, once it
 * runs in main, its URLs and what a client's token must carry.
 */
import { useRef, useState, type FormEvent } from 'react';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useJwt } from '../../stores/jwt.js';
import { useSandbox } from '../../stores/sandbox.js';
import { BusyButton } from '../../components/busy-button.js';
import { useRescueFocus } from '../../lib/focus.js';
import { useCredentials } from '../../stores/credentials.js';
import { DEFAULT_START_OPTIONS, StartOptionsFields, startRequest } from './sandbox-start-options.js';

/** A small Copy button beside a URL; its accessible name says which URL. */
function CopyUrl({ what, label }: { what: 'ws' | 'jwks' | 'token'; label: string }) {
  const copyUrl = useSandbox((s) => s.copyUrl);
  return (
    <button
      type="button"
      className="small-btn jw-copy"
      aria-label={label}
      title={label}
      onClick={() => void copyUrl(what)}
      data-testid={`copy-${what}-url`}
    >
      Copy
    </button>
  );
}

export function ServerCard() {
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
  const [options, setOptions] = useState(DEFAULT_START_OPTIONS);
  const items = useCredentials((s) => s.items);
  const standardKeys = items.filter((c) => c.kind === 'standard');
  const fieldError = startError?.code === 'INVALID_SCRIPT' || startError?.code === 'INVALID_ORIGIN';
  const portNum = Number(port);
  const portBad = !/^\d{1,5}$/.test(port.trim()) || portNum > 65535;
  const startRef = useRef<HTMLButtonElement>(null);
  const stopRef = useRef<HTMLButtonElement>(null);
  // Start becomes Stop (and back): focus follows instead of dropping to <body>.
  useRescueFocus(status.running ? stopRef : startRef, status.running);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (portBad || starting) return;
    void start({
      port: portNum,
      ...(aud.trim() ? { audience: aud.trim() } : {}),
      ...(scope.trim() ? { scope: scope.trim() } : {}),
      ...(tokenKey ? { tokenKey } : {}),
      ...startRequest(options),
    });
  }

  if (status.running) {
    return (
      <section className="card" aria-label="Sandbox server" data-testid="sandbox-running">
        <div className="jw-card-head">
          <h3>
            <span className="jw-live" aria-hidden="true" /> Running on 127.0.0.1:{status.port}
          </h3>
          <button ref={stopRef} className="danger-ghost" onClick={() => void stop()} data-testid="sandbox-stop">
            Stop
          </button>
        </div>
        <dl className="meta jw-meta">
          <dt>WebSocket</dt>
          <dd className="jw-url">
            <span className="mono jw-select" data-testid="sandbox-url">
              {status.url}
            </span>
            <CopyUrl what="ws" label="Copy the WebSocket URL" />
          </dd>
          <dt>JWKS</dt>
          <dd className="jw-url">
            <span className="mono jw-select" data-testid="sandbox-jwks">
              {status.jwksUrl}
            </span>
            <CopyUrl what="jwks" label="Copy the JWKS URL" />
          </dd>
          <dt>Token endpoint</dt>
          <dd className="mono jw-select">
            POST {status.tokenUrl}
            <CopyUrl what="token" label="Copy the token URL" />
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
          <dt>Serving</dt>
          <dd data-testid="sandbox-serving">{status.serving}</dd>
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
          <option value="">Client’s choice</option>
          {realtime.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Field>
      </div>
      <StartOptionsFields value={options} onChange={setOptions} standardKeys={standardKeys} error={startError} />
      <FieldError
        id="error-sandbox-start"
        error={portBad ? 'A port is 0 to 65535 (0 picks a free one).' : fieldError ? undefined : startError?.message}
      />
      <footer className="dialog-foot jw-foot">
        <span className="hint">0 picks a free port.</span>
        <BusyButton
          ref={startRef}
          type="submit"
          className="primary"
          busy={starting}
          disabled={portBad}
          data-testid="sandbox-start"
        >
          {starting ? 'Starting…' : 'Start sandbox'}
        </BusyButton>
      </footer>
    </form>
  );
}
