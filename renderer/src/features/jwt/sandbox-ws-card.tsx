/**
 * The tester's persistent session, as in Postman: the frames of the open connection (time, direction,
 * text), a box to send text or JSON frames, and Close with a chosen code. Main holds the socket (it sends
 * the Bearer JWT, which a browser WebSocket cannot); frames arrive pushed on `sandbox:ws:frame`.
 */
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { CLOSE_CODES, type WsFrame } from '../../../../shared/sandbox.js';
import { FieldError } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { useWsTester, type FrameMode } from '../../stores/ws-tester.js';

const ARROW: Record<WsFrame['dir'], string> = { in: '↓', out: '↑', system: '•' };
const DIR_LABEL: Record<WsFrame['dir'], string> = { in: 'received', out: 'sent', system: 'session' };

function frameLine(f: WsFrame): string {
  switch (f.type) {
    case 'close':
      return `${f.dir === 'out' ? 'Close sent' : 'Closed'} · code ${f.code ?? '—'}${f.text ? ` · ${f.text}` : ''}`;
    case 'binary':
      return `binary, ${f.bytes} bytes · ${f.text}…`;
    default:
      return f.text;
  }
}

function Frames() {
  const frames = useWsTester((s) => s.frames);
  const clear = useWsTester((s) => s.clearFrames);
  const ref = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [frames.length]);
  return (
    <>
      <div className="jw-card-head">
        <h4>Frames</h4>
        <button type="button" className="small-btn" onClick={clear} disabled={!frames.length}>
          Clear
        </button>
      </div>
      <ol className="jw-log ws-frames" ref={ref} data-testid="ws-frames" aria-live="polite" aria-relevant="additions">
        {frames.map((f) => (
          <li key={f.seq} className={`ws-frame ${f.dir}`} data-dir={f.dir} data-type={f.type}>
            <time className="mono muted" dateTime={f.at}>
              {f.at.slice(11, 23)}
            </time>
            <span className="ws-dir" title={DIR_LABEL[f.dir]}>
              <span aria-hidden="true">{ARROW[f.dir]}</span> {DIR_LABEL[f.dir]}
            </span>
            <span className="mono ws-text">{frameLine(f)}</span>
          </li>
        ))}
      </ol>
    </>
  );
}

function Composer() {
  const send = useWsTester((s) => s.send);
  const sendError = useWsTester((s) => s.sendError);
  const [text, setText] = useState('');
  const [mode, setMode] = useState<FrameMode>('json');
  // The composer appears when the session opens: focus moves to it (the result of Open session).
  useLayoutEffect(() => document.getElementById('ws-text')?.focus(), []);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await send(text, mode)) setText('');
  }
  return (
    <form className="form ws-compose" onSubmit={(e) => void submit(e)} noValidate aria-label="Send a frame">
      <Field
        as="textarea"
        label="Message"
        name="ws-text"
        id="ws-text"
        rows={3}
        value={text}
        placeholder={mode === 'json' ? '{"type":"ping"}' : 'Any text'}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Ctrl/Cmd+Enter sends, as in Postman.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
        }}
        spellCheck={false}
        errorId="error-ws-text"
        error={sendError?.message}
      />
      <div className="jw-row">
        <div className="segmented small" role="radiogroup" aria-label="Send as">
          {(['json', 'text'] as const).map((m) => (
            <label key={m} className={mode === m ? 'on' : ''}>
              <input type="radio" name="ws-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              {m === 'json' ? 'JSON' : 'Text'}
            </label>
          ))}
        </div>
        <button type="submit" className="primary" data-testid="ws-send">
          Send
        </button>
      </div>
    </form>
  );
}

function CloseForm() {
  const close = useWsTester((s) => s.close);
  const closeError = useWsTester((s) => s.closeError);
  const [choice, setChoice] = useState('1000');
  const [custom, setCustom] = useState('');
  const [reason, setReason] = useState('');
  const code = choice === 'other' ? Number(custom.trim() || NaN) : Number(choice);
  return (
    <form
      className="form ws-close"
      noValidate
      aria-label="Close the connection"
      onSubmit={(e) => {
        e.preventDefault();
        void close(code, reason);
      }}
    >
      <div className="jw-row jw-wrap">
        <Field as="select" label="Close code" name="ws-code" value={choice} onChange={(e) => setChoice(e.target.value)}>
          {CLOSE_CODES.map((c) => (
            <option key={c.code} value={String(c.code)}>
              {c.label}
            </option>
          ))}
          <option value="other">Another code…</option>
        </Field>
        {choice === 'other' && (
          <Field
            label="Code"
            name="ws-custom-code"
            inputMode="numeric"
            value={custom}
            placeholder="3000–4999"
            onChange={(e) => setCustom(e.target.value)}
            errorId="error-ws-code"
            error={closeError?.field === 'code' ? closeError.message : undefined}
          />
        )}
        <Field
          label="Reason"
          name="ws-reason"
          value={reason}
          maxLength={123}
          onChange={(e) => setReason(e.target.value)}
          errorId="error-ws-reason"
          error={closeError?.field === 'reason' ? closeError.message : undefined}
        />
      </div>
      <FieldError
        id="error-ws-close"
        error={
          closeError && closeError.field !== 'code' && closeError.field !== 'reason' ? closeError.message : undefined
        }
      />
      {choice !== 'other' && closeError?.field === 'code' && (
        <FieldError id="error-ws-code" error={closeError.message} />
      )}
      <footer className="dialog-foot">
        <button type="submit" className="danger-ghost" data-testid="ws-close">
          Close connection
        </button>
      </footer>
    </form>
  );
}

/** Shown once a session was opened: its frames, and (while open) the composer and Close. */
export function WsSessionCard() {
  const open = useWsTester((s) => s.open);
  const handshake = useWsTester((s) => s.handshake);
  const frames = useWsTester((s) => s.frames.length);
  const connect = useWsTester((s) => s.connect);
  useEffect(() => connect(), [connect]);
  if (!handshake && !frames) return null;
  return (
    <section className="card ws-session" aria-labelledby="ws-session-title" data-testid="ws-session">
      <div className="jw-card-head">
        <h3 id="ws-session-title">WebSocket session</h3>
        <span className={`badge ${open ? 'ok' : 'warn'}`} role="status" data-testid="ws-state">
          {open ? 'Open' : 'Closed'}
        </span>
      </div>
      {handshake && (
        <p className="muted small ws-url">
          <span className="mono">{handshake.url}</span>
          {handshake.status !== undefined && ` · HTTP ${handshake.status}`}
          {handshake.token !== 'none' && ` · token ${handshake.token === 'minted' ? 'minted' : 'pasted'}`}
          {handshake.body && ` · ${handshake.body.slice(0, 200)}`}
        </p>
      )}
      <Frames />
      {open && <Composer />}
      {open && <CloseForm />}
    </section>
  );
}
