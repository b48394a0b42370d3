/** What a sandbox is started with: its options and the limits that keep it responsive. */
import type { JwtService } from '../jwt/service.js';
import type { SigningAlg } from '../jwt/token.js';
import type { CredentialService } from '../credential-service.js';
import type { SandboxProfile } from '../../../shared/sandbox.js';
import type { SandboxClock } from './clock.js';
import type { Faults } from './faults.js';
import type { Profile } from './session.js';

export const WS_PATH = '/ws';

export interface SandboxLimits {
  /** Open sessions. Beyond it, upgrades get 503. */
  maxConnections: number;
  /** Upgrades whose token is being checked at once. Beyond it, upgrades get 503. */
  maxPending: number;
  /** Sockets still sending their request headers; beyond it the oldest is dropped. */
  maxHalfOpen: number;
  /** Time a socket has to send its request headers. */
  headersTimeoutMs: number;
  /** Time an upgrade has from its headers to the 101 (the token check). */
  handshakeTimeoutMs: number;
  /** Largest WebSocket message; a bigger one closes the session with 1009. */
  maxMessageBytes: number;
  /** A session with no message for this long is closed with 4000. */
  idleMs: number;
  /** Largest `POST /token` body. */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  maxConnections: 64,
  maxPending: 512,
  maxHalfOpen: 256,
  headersTimeoutMs: 5_000,
  handshakeTimeoutMs: 5_000,
  maxMessageBytes: 64 * 1024,
  idleMs: 60_000,
  maxBodyBytes: 4096,
};

export interface SandboxOptions {
  jwt: JwtService;
  workspace?: string;
  host?: string;
  port?: number;
  /** Audience and scope an upgrade's token must carry. Default `realtime` / `realtime`. */
  audience?: string;
  scope?: string;
  /** The realtime credential `POST /token` mints for when the request names none. */
  tokenKey?: string;
  tokenAlg?: SigningAlg;
  /** Lifetime of `POST /token` tokens (default 5m): the default and the most a caller may ask for. */
  tokenTtl?: string;
  /** The secret `POST /token` callers present; a random one when left out (see `tokenSecret`). */
  tokenSecret?: string;
  /**
   * Browser origins allowed explicitly (`--allow-origin`): they get CORS on `POST /token` and may mint
   * without the secret. Loopback pages may open sessions and read the JWKS, but not mint.
   */
  allowedOrigins?: string[];
  limits?: Partial<SandboxLimits>;
  /** Bench baseline only: accept every upgrade without a token check. */
  verifyTokens?: boolean;
  /** What sessions speak: `echo` (default), `realtime`, or a profile object (scripts, replays). */
  profile?: SandboxProfile | Profile;
  /** Faults applied to every session (a session's own may be set with `setFaults`). */
  faults?: Faults;
  /** Close a session with 4001 when its token's exp passes. */
  enforceExp?: boolean;
  /**
   * Stored standard keys that `Authorization: Basic` and `?key=` accept (read from the keychain at
   * start, kept as digests). Needs `credentials`.
   */
  apiKeys?: string[];
  /** The credential service: reads `apiKeys`, and tells when a session's key was deleted. */
  credentials?: CredentialService;
  /** The catalog folder to watch: a revocation or a deleted key closes the sessions that depended on it. */
  watchDir?: string;
  /** The clock expiry, faults and scripts run on (tests inject one). */
  clock?: SandboxClock;
  /** Random draws for the faults (tests inject a sequence). */
  random?: () => number;
}
