/**
 * IPC channels for the JWT workbench and the local realtime sandbox. Spread into the one contract in
 * `shared/ipc-contract.ts`. Namespaced channel names; every request schema is a strict zod object.
 *
 * Minted tokens and freshly issued API keys cross to the renderer: they are not stored secrets (Keydeck
 * keeps no copy), and the user needs to see and paste them. Stored secrets (realtime keys, private
 * signing keys) never do; copying goes through main's clipboard guard.
 */
import {
  SANDBOX_FAULT_PRESETS,
  SANDBOX_PROFILES,
  type ConnectionTestResult,
  type WsFrame,
  type WsOpenResult,
} from '../sandbox.js';
import { z } from 'zod';
import { LIMITS, type Revocation, type SigningKey } from '../domain.js';
import { channel, eventChannel, type ChannelDef, type EventDef } from './channel.js';

const id = z.string().min(1).max(64);
const workspace = z.string().min(1).max(LIMITS.nameChars);
const alg = z.enum(['HS256', 'ES256', 'EdDSA']);
/** Above the core's 16 KiB token limit, so an oversized token reaches the core and gets its reason. */
const token = z
  .string()
  .min(1)
  .max(64 * 1024);
const shortText = z.string().max(LIMITS.itemChars);
const url = z.string().min(1).max(2048);
const kid = z.string().min(1).max(128);
const jti = z.string().min(1).max(256);

export type JwtAlg = z.infer<typeof alg>;

/** A file the user chose; main reads it (bounded) and the core checks it. */
const filePath = z.string().min(1).max(4096);

/** One recording the screen lists. */
export interface SandboxRecordingView {
  file: string;
  name: string;
  /** Frames in it (both directions), and the auth mode it was recorded with (absent when it cannot be played). */
  frames?: number;
  auth?: string;
  /** Why it cannot be replayed (the core's reason, with its line). */
  problem?: string;
  /** `recorded` by this app session, or `added` by the user. */
  source: 'recorded' | 'added';
}

export interface SigningKeyView extends SigningKey {
  /** For HS256 keys made from a realtime key: that credential's name. */
  credentialName?: string;
}

export interface SigningKeysView {
  keys: SigningKeyView[];
  /** The public keys as a JWKS (HS256 keys are secret and never appear). */
  jwks: { keys: Record<string, unknown>[] };
}

export interface MintView {
  token: string;
  header: { alg: string; kid: string; typ: 'JWT' };
  claims: Record<string, unknown>;
  expiresAt: string;
  alg: JwtAlg;
  kid: string;
  forms: { raw: string; header: string; url?: string };
}

export interface DecodeView {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  headerText: string;
  claimsText: string;
  expiresAt?: string;
  countdown: string;
  prefix?: string;
}

export type VerifyView =
  | { ok: true; header: Record<string, unknown>; claims: Record<string, unknown>; kid?: string; alg: JwtAlg }
  | { ok: false; reason: string; message: string; header?: Record<string, unknown>; claims?: Record<string, unknown> };

export interface IssuedApiKeyView {
  /** The full key, shown once: Keydeck keeps no copy. */
  key: string;
  prefix: string;
  jti: string;
  userId: string;
  issuedAt: string;
}

export interface JwtCopyResult {
  form: 'raw' | 'header' | 'url' | 'jwks';
  clearAfterSeconds: number;
}

export interface SandboxStatus {
  running: boolean;
  url?: string;
  httpUrl?: string;
  jwksUrl?: string;
  tokenUrl?: string;
  port?: number;
  audience?: string;
  scope?: string;
  tokenKey?: string;
  workspaceId?: string;
  startedAt?: string;
  connections: number;
  /** What sessions get: the profile, or the script or recording, and the options on (fault preset, recording). */
  serving?: string;
}

/** One line of the sandbox's event log (never a token). */
export interface SandboxEventView {
  seq: number;
  at: string;
  type: 'listening' | 'connect' | 'refusal' | 'message' | 'close' | 'token' | 'note' | 'stopped';
  /** The CLI's one-line rendering of the event. */
  line: string;
  status?: number;
  reason?: string;
  message?: string;
  session?: string;
  sub?: string;
  via?: string;
  code?: number;
  bytes?: number;
  /** The client event's type, when the profile knows it. */
  event?: string;
}

/** Pushed on `sandbox:event` for each new log line, and when the sandbox stops. */
export interface SandboxPushView {
  /** Absent when only the status changed (the sandbox stopped). */
  event?: SandboxEventView;
  status: SandboxStatus;
}

export interface SandboxEventsView {
  events: SandboxEventView[];
  /** Pass back as `since` to get only newer events. */
  next: number;
  status: SandboxStatus;
}

/** A persistent tester session's handshake, and how its token was obtained. */
export interface WsOpenView extends WsOpenResult {
  token: 'minted' | 'pasted' | 'none';
}

/** Pushed on `sandbox:ws:frame` for each frame of the open session; `open` turns false when it ends. */
export interface WsFramePushView {
  frame?: WsFrame;
  open: boolean;
}

export interface ConnectionTestView extends ConnectionTestResult {
  /** How the token was obtained: minted for a realtime key, pasted, or none sent. */
  token: 'minted' | 'pasted' | 'none';
}

const verifySource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('local') }),
  z.strictObject({ kind: z.literal('credential'), id }),
  z.strictObject({ kind: z.literal('secret'), secret: z.string().min(1).max(LIMITS.secretBytes) }),
  z.strictObject({
    kind: z.literal('jwk'),
    json: z
      .string()
      .min(1)
      .max(64 * 1024),
  }),
  z.strictObject({ kind: z.literal('jwks-url'), url }),
]);

/**
 * What the one-shot tester and a persistent session connect with: a Bearer JWT minted for `key`, the
 * pasted `token`, or none.
 */
const connectRequest = z.strictObject({
  url,
  key: id.optional(),
  token: token.optional(),
  via: z.enum(['header', 'query', 'protocol']).optional(),
  workspace: workspace.optional(),
});

export const jwtContract = {
  // ---- signing keys ----
  'jwt:keys': channel<SigningKeysView>()(z.strictObject({ workspace: workspace.optional() })),
  /** ES256/EdDSA: a generated pair. HS256: from a realtime key's secret when `credential` is given, else generated. */
  'jwt:keys:create': channel<SigningKeyView>()(
    z.strictObject({ alg, credential: id.optional(), workspace: workspace.optional() }),
  ),
  'jwt:keys:remove': channel<{ removed: true }>()(z.strictObject({ kid, workspace: workspace.optional() })),

  // ---- mint, decode, verify ----
  'jwt:mint': channel<MintView>()(
    z.strictObject({
      key: id,
      alg: alg.optional(),
      kid: kid.optional(),
      template: z.enum(['realtime-session', 'custom']).optional(),
      /** `90s`, `15m`, `2h` (checked by the core). */
      ttl: z.string().min(1).max(40).optional(),
      audience: shortText.optional(),
      scope: shortText.optional(),
      issuer: shortText.optional(),
      /** Custom claims as the JSON text the user typed (parsed and checked by the core). */
      claims: z
        .string()
        .max(64 * 1024)
        .optional(),
      wsUrl: url.optional(),
      workspace: workspace.optional(),
    }),
  ),
  'jwt:decode': channel<DecodeView>()(z.strictObject({ token })),
  'jwt:verify': channel<VerifyView>()(
    z.strictObject({
      token,
      source: verifySource,
      audience: shortText.optional(),
      issuer: shortText.optional(),
      scope: shortText.optional(),
      workspace: workspace.optional(),
    }),
  ),
  /** Copies a token in one of its forms (or the workspace's JWKS) through main's clipboard guard. */
  'jwt:copy': channel<JwtCopyResult>()(
    z.strictObject({
      form: z.enum(['raw', 'header', 'url']),
      token,
      wsUrl: url.optional(),
    }),
  ),
  'jwt:jwks:copy': channel<JwtCopyResult>()(z.strictObject({ workspace: workspace.optional() })),

  // ---- JWT-shaped API keys and revocation ----
  'jwt:apikey:issue': channel<IssuedApiKeyView>()(
    z.strictObject({ userId: z.string().min(1).max(128), workspace: workspace.optional() }),
  ),
  'jwt:revocations': channel<Revocation[]>()(z.strictObject({ workspace: workspace.optional() })),
  'jwt:revoke': channel<Revocation>()(
    z.strictObject({ jti, reason: z.string().max(500).optional(), workspace: workspace.optional() }),
  ),
  'jwt:unrevoke': channel<{ removed: boolean }>()(z.strictObject({ jti, workspace: workspace.optional() })),

  // ---- local realtime sandbox (one per app, bound to 127.0.0.1 only) ----
  'sandbox:start': channel<SandboxStatus>()(
    z.strictObject({
      /** 0 picks a free port. */
      port: z.number().int().min(0).max(65535),
      audience: z.string().min(1).max(LIMITS.itemChars).optional(),
      scope: z.string().min(1).max(LIMITS.itemChars).optional(),
      /** The realtime key `POST /token` mints for when a request names none. */
      tokenKey: id.optional(),
      workspace: workspace.optional(),
      /** What sessions speak (the CLI's --profile); a script or a replay replaces it. */
      profile: z.enum(SANDBOX_PROFILES).optional(),
      /** Browser origins `POST /token` answers CORS for (the CLI's --allow-origin); checked by the core. */
      allowOrigins: z.array(z.string().min(1).max(2048)).max(16).optional(),
      /** Stored standard keys accepted as `Authorization: Basic` and `?key=` (the CLI's --basic-key). */
      basicKeys: z.array(id).max(16).optional(),
      /** A named set of faults (main maps it to the core's fault options). */
      faults: z.enum(SANDBOX_FAULT_PRESETS).optional(),
      /** Close a session with 4001 when its token's exp passes (the CLI's --enforce-exp). */
      enforceExp: z.boolean().optional(),
      /** A session script file (the CLI's --script): read and checked by the core before anything listens. */
      script: filePath.optional(),
      /** Record every session as JSONL into the app's recordings folder (the CLI's --record). */
      record: z.boolean().optional(),
      /** Serve this recording as the server's side (the CLI's `sandbox replay FILE`). */
      replay: filePath.optional(),
    }),
  ),
  /** The recordings of this app session: those the sandbox wrote and those the user added. */
  'sandbox:recordings': channel<{ recordings: SandboxRecordingView[] }>()(z.strictObject({})),
  /** Adds a recording file the user chose (checked whole by the core first). */
  'sandbox:recordings:add': channel<{ recordings: SandboxRecordingView[] }>()(z.strictObject({ file: filePath })),
  'sandbox:stop': channel<{ stopped: boolean }>()(z.strictObject({})),
  'sandbox:status': channel<SandboxStatus>()(z.strictObject({})),
  /**
   * The event log after `since` (a `seq`): read once when the screen opens; every later line is pushed
   * on `sandbox:event` to the window that started the sandbox.
   */
  'sandbox:events': channel<SandboxEventsView>()(
    z.strictObject({ since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() }),
  ),
  /** Opens a WebSocket with a Bearer JWT: minted for `key`, or the pasted `token`, or none. */
  'sandbox:test': channel<ConnectionTestView>()(connectRequest),
  /** Copies one of the running sandbox's URLs (main knows them; the renderer names which). */
  'sandbox:copy': channel<{ url: string; clearAfterSeconds: number }>()(
    z.strictObject({ what: z.enum(['ws', 'jwks', 'token']) }),
  ),
  /**
   * A persistent session (one per window): connects like `sandbox:test` and stays open. Its frames (in,
   * out, open, close) are pushed on `sandbox:ws:frame` to the window that opened it.
   */
  'sandbox:ws:open': channel<WsOpenView>()(connectRequest),
  /** Sends one text frame (JSON is sent as its text); the core caps its size. */
  'sandbox:ws:send': channel<{ seq: number }>()(z.strictObject({ text: z.string().max(1024 * 1024) })),
  /** Closes the session with a code a client may send (checked by the core) and a reason. */
  'sandbox:ws:close': channel<{ closed: boolean }>()(
    z.strictObject({ code: z.number().int().min(0).max(65535), reason: z.string().max(1024).optional() }),
  ),
} as const satisfies Record<string, ChannelDef>;

const text = z.string().max(LIMITS.itemChars * 4);
const optText = text.optional();
const int = z.number().int();

const sandboxStatusSchema = z.strictObject({
  running: z.boolean(),
  url: optText,
  httpUrl: optText,
  jwksUrl: optText,
  tokenUrl: optText,
  port: int.optional(),
  audience: optText,
  scope: optText,
  tokenKey: optText,
  workspaceId: optText,
  startedAt: optText,
  connections: int.min(0),
  serving: optText,
});

const sandboxEventSchema = z.strictObject({
  seq: int.min(0),
  at: z.string(),
  type: z.enum(['listening', 'connect', 'refusal', 'message', 'close', 'token', 'note', 'stopped']),
  line: text,
  status: int.optional(),
  reason: optText,
  message: optText,
  session: optText,
  sub: optText,
  via: optText,
  code: int.optional(),
  bytes: int.optional(),
  event: optText,
});

/** One-way events (main → the window that started the sandbox). */
export const jwtEvents = {
  'sandbox:event': eventChannel<SandboxPushView>(
    z.strictObject({ event: sandboxEventSchema.optional(), status: sandboxStatusSchema }),
  ),
  'sandbox:ws:frame': eventChannel<WsFramePushView>(
    z.strictObject({
      open: z.boolean(),
      frame: z
        .strictObject({
          seq: int.min(0),
          at: z.string().max(64),
          dir: z.enum(['in', 'out', 'system']),
          type: z.enum(['text', 'binary', 'open', 'close', 'refused', 'error']),
          text: z.string().max(8192),
          bytes: int.min(0),
          code: int.optional(),
        })
        .optional(),
    }),
  ),
} as const satisfies Record<string, EventDef>;
