/**
 * Realtime sandbox: start/stop the loopback server (it runs in main), its URLs, a live event log (pushed
 * by main) and a connection tester that reports the handshake status, close code/reason and latency.
 */
import { useEffect, useRef } from 'react';
import type { SandboxEventView } from '../../../../shared/ipc/jwt.js';
import { useApp } from '../../stores/app.js';
import { useJwt } from '../../stores/jwt.js';
import { useSandbox } from '../../stores/sandbox.js';
import { ServerCard } from './sandbox-server-card.js';
import { TesterCard } from './sandbox-tester-card.js';
import { WsSessionCard } from './sandbox-ws-card.js';
import { RecordingsCard } from './sandbox-recordings-card.js';
import './jwt.css';
import './sandbox.css';

const TONE: Record<SandboxEventView['type'], string> = {
  listening: 'ok',
  connect: 'ok',
  refusal: 'danger',
  message: '',
  close: '',
  token: 'info',
  note: 'warn',
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
      return `session ${e.session} · ${e.event ? `${e.event} · ` : ''}${e.bytes} bytes`;
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
      <WsSessionCard />
      <RecordingsCard />
    </section>
  );
}
