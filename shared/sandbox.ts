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
