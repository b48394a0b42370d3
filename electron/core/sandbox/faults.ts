/**
 * Faults a sandbox injects into what it sends (issue 12 §5): latency and jitter per frame, dropped,
 * duplicated and reordered frames, a forced close with a chosen code and reason, and a slow or refused
 * handshake. Per sandbox (its options) or per session (`SandboxServer.setFaults`).
 */
import { KeydeckError } from '../../../shared/errors.js';
import { checkCloseCode } from '../../../shared/sandbox.js';

export interface Faults {
  /** Added to every frame the sandbox sends, in ms. */
  latencyMs?: number;
  /** Up to this many ms more, drawn per frame. Frames keep their order unless `reorder` is set. */
  jitterMs?: number;
  /** Probability (0–1) that a frame is dropped. */
  drop?: number;
  /** Probability that a frame is sent twice. */
  duplicate?: number;
  /** Probability that a frame is held back and sent after the next one. */
  reorder?: number;
  /** Close each session this long after it opened, with `closeCode` / `closeReason`. */
  closeAfterMs?: number;
  closeCode?: number;
  closeReason?: string;
  /** Hold each handshake this long before answering. */
  handshakeDelayMs?: number;
  /** Refuse each handshake with this HTTP status (like an overloaded backend: 503). */
  refuseHandshake?: number;
}

const MAX_DELAY_MS = 60_000;

/** "80ms", "1.5s", "2m" or a number of ms, as a whole number of ms up to a minute (a delay, not a timeout). */
export function parseDuration(raw: string | number, field: string): number {
  const m =
    typeof raw === 'number' ? [String(raw), String(raw), 'ms'] : /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(raw);
  const n = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[(m[2] ?? 'ms') as 'ms' | 's' | 'm'] : NaN;
  if (!Number.isFinite(n) || n < 0 || n > MAX_DELAY_MS) {
    throw new KeydeckError(
      'INVALID_INPUT',
      `${field}: "${String(raw).slice(0, 30)}" is not a delay (like 80ms or 1.5s, at most 60s).`,
      field,
    );
  }
  return Math.round(n);
}

/** A probability: 0.01 or 1%. */
export function parseRate(raw: string | number, field: string): number {
  const text = String(raw).trim();
  const n = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!text || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new KeydeckError(
      'INVALID_INPUT',
      `${field}: "${text.slice(0, 30)}" is not a rate (0 to 1, or 0% to 100%).`,
      field,
    );
  }
  return n;
}

/** Checks a whole fault set (what the app or a script hands over). */
export function checkFaults(f: Faults): Faults {
  for (const k of ['latencyMs', 'jitterMs', 'closeAfterMs', 'handshakeDelayMs'] as const) {
    if (f[k] !== undefined) parseDuration(f[k], k);
  }
  for (const k of ['drop', 'duplicate', 'reorder'] as const) if (f[k] !== undefined) parseRate(f[k], k);
  if (f.closeCode !== undefined || f.closeReason !== undefined) checkCloseCode(f.closeCode ?? 1000, f.closeReason);
  if (
    f.refuseHandshake !== undefined &&
    !(Number.isInteger(f.refuseHandshake) && f.refuseHandshake >= 400 && f.refuseHandshake <= 599)
  ) {
    throw new KeydeckError('INVALID_INPUT', 'refuseHandshake is an HTTP error status (400 to 599).', 'refuseHandshake');
  }
  return f;
}
