import { KeydeckError } from './errors.js';

/** What the realtime connection tester reports, in core and across IPC. Never holds the token. */
export interface ConnectionTestResult {
  url: string;
  ok: boolean;
  /** 101 on success, else the HTTP status the server refused with. */
  status?: number;
  /** Time from connect to the handshake response, in ms. */
  latencyMs?: number;
  /** The refusal body (JSON reason), up to 2 KiB. */
  body?: string;
  firstMessage?: string;
  closeCode?: number;
  closeReason?: string;
  error?: string;
}

/** The header carrying the per-sandbox secret `POST /token` requires (lower case, as Node reads headers). */
export const SANDBOX_SECRET_HEADER = 'x-keydeck-sandbox-secret';

/** One frame of a persistent tester session, as the frame log shows it (never the token). */
export interface WsFrame {
  seq: number;
  at: string;
  /** `system`: the session's own open, close, refusal or error. */
  dir: 'in' | 'out' | 'system';
  type: 'text' | 'binary' | 'open' | 'close' | 'refused' | 'error';
  /** The text (cut at `WS_FRAME_LIMITS.shownChars`), a binary frame's first bytes in hex, or a close reason. */
  text: string;
  bytes: number;
  code?: number;
}

/** How a session's handshake went. */
export interface WsOpenResult {
  url: string;
  ok: boolean;
  status?: number;
  latencyMs?: number;
  body?: string;
  error?: string;
}

export const WS_FRAME_LIMITS = {
  /** The largest frame the tester sends. */
  sendBytes: 64 * 1024,
  /** The largest frame it accepts (a bigger one closes the session with 1009). */
  receiveBytes: 1024 * 1024,
  /** How much of a frame's text the log shows. */
  shownChars: 4096,
  /** Frames the log keeps. */
  keep: 500,
} as const;

/** The close codes a client may send (RFC 6455 §7.4: not 1004–1006 or 1015, which are never sent). */
export const CLOSE_CODES: readonly { code: number; label: string }[] = [
  { code: 1000, label: '1000 Normal closure' },
  { code: 1001, label: '1001 Going away' },
  { code: 1002, label: '1002 Protocol error' },
  { code: 1003, label: '1003 Unsupported data' },
  { code: 1008, label: '1008 Policy violation' },
  { code: 1011, label: '1011 Internal error' },
  { code: 4000, label: '4000 (application)' },
];

/** Refuses a close code a client may not send, or a reason longer than a close frame holds (123 bytes). */
export function checkCloseCode(code: number, reason = ''): void {
  const ok =
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
      (code >= 3000 && code <= 4999));
  if (!ok) {
    throw new KeydeckError(
      'INVALID_INPUT',
      `${code} is not a close code a client may send: use 1000–1003, 1007–1014 or 3000–4999.`,
      'code',
    );
  }
  if (new TextEncoder().encode(reason).length > 123) {
    throw new KeydeckError('INVALID_INPUT', 'A close reason is at most 123 bytes.', 'reason');
  }
}

/** How a client authenticated an upgrade, as the sandbox's log names it (issue 12 §1). */
export const AUTH_MODES = ['bearer', 'basic', 'query-token', 'query-key', 'subprotocol'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** What the sandbox speaks once a session is open: a bare echo, or OpenAI-Realtime-style events. */
export const SANDBOX_PROFILES = ['echo', 'realtime'] as const;
export type SandboxProfile = (typeof SANDBOX_PROFILES)[number];

/** Fault presets of the app's start form; main maps each to the core's fault options. */
export const SANDBOX_FAULT_PRESETS = ['none', 'latency', 'lossy', 'close', 'slow-handshake', 'refuse'] as const;
export type SandboxFaultPreset = (typeof SANDBOX_FAULT_PRESETS)[number];
