/**
 * Handlers for the channels of `shared/ipc/jwt.ts`: pure functions over the core (no Electron), so
 * the e2e bridge runs them too. Validation of payloads happens before, in `dispatch`.
 *
 * The sandbox is long-running work: its server lives in this module's state (one per set of handlers,
 * so one per app window), `sandbox:start` binds it (127.0.0.1 only: no host is ever passed, so the
 * core's default loopback bind applies) and runs as a job in the core's registry: each new log line is
 * pushed on `sandbox:event` to the window that started it (nothing polls; `sandbox:events` reads the log
 * once when the screen opens), and `sandbox:stop` closes it and ends the job.
 */
import { KeydeckError } from '../../../shared/errors.js';
import type {
  jwtContract,
  SandboxEventView,
  SandboxStatus,
  SigningKeyView,
  VerifyView,
} from '../../../shared/ipc/jwt.js';
import type { SigningKey } from '../../../shared/domain.js';
import { JwtService, type VerifySource } from '../../core/jwt/service.js';
import { parseClaimsJson } from '../../core/jwt/mint.js';
import { copyForms } from '../../core/jwt/mint.js';
import { SandboxServer, type SandboxEvent } from '../../core/sandbox/server.js';
import { eventLine } from '../../core/sandbox/events.js';
import { testConnection } from '../../core/sandbox/tester.js';
import type { FeatureDeps, FeatureHandlers } from '../ipc-types.js';

/** Events kept for the log the screen reads when it opens. */
const MAX_EVENTS = 500;

/** Every sandbox this process runs, so main can close them all on quit. */
const running = new Set<SandboxServer>();

/** Stops every running sandbox (call on app quit). */
export async function stopAllSandboxes(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop().catch(() => undefined)));
  running.clear();
}

interface SandboxRun {
  server: SandboxServer;
  /** The registry job that pushes this run's events. */
  jobId: string;
  tokenKey?: string;
  workspaceId: string;
  startedAt: string;
}

function toEventView(seq: number, e: SandboxEvent): SandboxEventView {
  const { at, type } = e;
  const base: SandboxEventView = { seq, at, type, line: eventLine(e) };
  switch (e.type) {
    case 'connect':
      return { ...base, session: e.session, sub: e.sub, via: e.via };
    case 'refusal':
      return { ...base, status: e.status, reason: e.reason, message: e.message };
    case 'message':
      return { ...base, session: e.session, bytes: e.bytes };
    case 'close':
      return { ...base, session: e.session, code: e.code, reason: e.reason };
    case 'token':
      return { ...base, sub: e.sub };
    default:
      return base;
  }
}

export function jwtHandlers(deps: FeatureDeps): FeatureHandlers<keyof typeof jwtContract> {
  const { core, clipboard, jobs } = deps;
  const jwt = new JwtService(core);
  let sandbox: SandboxRun | undefined;
  let events: SandboxEventView[] = [];
  let seq = 0;
  /** Reports a new log line to the running sandbox's job (set once the server listens). */
  let report: ((e: SandboxEventView) => void) | undefined;

  const clearSeconds = () => core.settings.get().clipboardClearSeconds;

  const keyView = (k: SigningKey): SigningKeyView => {
    if (k.source !== 'credential' || !k.credentialId) return k;
    const cred = core.catalog.read().credentials.find((c) => c.id === k.credentialId);
    return cred ? { ...k, credentialName: cred.name } : k;
  };

  const status = (): SandboxStatus => {
    if (!sandbox) return { running: false, connections: 0 };
    const s = sandbox.server;
    return {
      running: true,
      url: s.url,
      httpUrl: s.httpUrl,
      jwksUrl: `${s.httpUrl}/.well-known/jwks.json`,
      tokenUrl: `${s.httpUrl}/token`,
      port: s.port,
      audience: s.audience,
      scope: s.scope,
      ...(sandbox.tokenKey ? { tokenKey: sandbox.tokenKey } : {}),
      workspaceId: sandbox.workspaceId,
      startedAt: sandbox.startedAt,
      connections: s.connections,
    };
  };

  const source = (s: { kind: string; id?: string; secret?: string; json?: string; url?: string }): VerifySource => {
    switch (s.kind) {
      case 'credential':
        return { kind: 'credential', name: s.id! };
      case 'secret':
        return { kind: 'secret', secret: s.secret! };
      case 'jwk':
        return { kind: 'jwk', json: s.json! };
      case 'jwks-url':
        return { kind: 'jwks-url', url: s.url! };
      default:
        return { kind: 'local' };
    }
  };

  return {
    // ---- signing keys ----
    'jwt:keys': async ({ workspace }) => ({
      keys: jwt.signingKeys(workspace).map(keyView),
      jwks: jwt.jwks(workspace),
    }),
    'jwt:keys:create': async ({ alg, credential, workspace }) => {
      if (credential !== undefined) {
        if (alg !== 'HS256') {
          throw new KeydeckError(
            'INVALID_INPUT',
            'Only HS256 keys come from a realtime key; ES256 and EdDSA are generated.',
          );
        }
        const material = await jwt.keys.fromCredential(credential, workspace, 'jwt:signing-key');
        const meta = core.catalog.read().signingKeys.find((k) => k.kid === material.kid);
        if (!meta) throw new KeydeckError('SIGNING_KEY_NOT_FOUND', 'The signing key was not recorded.');
        return keyView(meta);
      }
      return keyView(await jwt.keys.create(alg, workspace));
    },
    'jwt:keys:remove': async ({ kid, workspace }) => {
      if (!jwt.signingKeys(workspace).some((k) => k.kid === kid)) {
        throw new KeydeckError('SIGNING_KEY_NOT_FOUND', `No signing key with kid "${kid}" in this workspace.`);
      }
      await jwt.keys.remove(kid);
      return { removed: true as const };
    },

    // ---- mint, decode, verify ----
    'jwt:mint': async ({ claims, ...req }) => {
      const extra = claims !== undefined && claims.trim() ? parseClaimsJson(claims) : undefined;
      const m = await jwt.mint({ ...req, ...(extra ? { claims: extra } : {}) });
      return {
        token: m.token,
        header: m.header,
        claims: m.claims,
        expiresAt: m.expiresAt,
        alg: m.alg,
        kid: m.kid,
        forms: m.forms,
      };
    },
    'jwt:decode': async ({ token }) => jwt.decode(token),
    'jwt:verify': async ({ token, source: src, audience, issuer, scope, workspace }): Promise<VerifyView> => {
      const s = source(src);
      if (s.kind === 'local' && token.trim().startsWith('sk-live-')) return jwt.verifyApiKey(token, workspace);
      return jwt.verify(token, s, {
        ...(audience ? { audience } : {}),
        ...(issuer ? { issuer } : {}),
        ...(scope ? { scope } : {}),
        workspace,
      });
    },
    'jwt:copy': async ({ form, token, wsUrl }) => {
      jwt.decode(token); // refuses anything that is not a token (JWT_MALFORMED / JWT_TOO_LARGE)
      const forms = copyForms(token.trim(), wsUrl);
      const text = form === 'raw' ? forms.raw : form === 'header' ? forms.header : forms.url;
      if (text === undefined) {
        throw new KeydeckError('INVALID_INPUT', 'Give the ws:// URL to copy the token as a URL.');
      }
      const seconds = clearSeconds();
      await clipboard.copy(text, seconds);
      return { form, clearAfterSeconds: seconds };
    },
    'jwt:jwks:copy': async ({ workspace }) => {
      const seconds = clearSeconds();
      await clipboard.copy(JSON.stringify(jwt.jwks(workspace), null, 2), seconds);
      return { form: 'jwks' as const, clearAfterSeconds: seconds };
    },

    // ---- API keys and revocation ----
    'jwt:apikey:issue': async ({ userId, workspace }) => jwt.issueApiKey(userId, workspace),
    'jwt:revocations': async ({ workspace }) => jwt.revocations(workspace),
    'jwt:revoke': async ({ jti, reason, workspace }) => jwt.revoke(jti, { workspace, reason }),
    'jwt:unrevoke': async ({ jti, workspace }) => ({ removed: await jwt.unrevoke(jti, workspace) }),

    // ---- sandbox ----
    'sandbox:start': async ({ port, audience, scope, tokenKey, workspace }, ctx) => {
      if (sandbox) {
        throw new KeydeckError(
          'SANDBOX_RUNNING',
          `The sandbox is already running on ${sandbox.server.url}. Stop it first.`,
        );
      }
      let keyName: string | undefined;
      if (tokenKey !== undefined) {
        const cred = core.credentials.get(tokenKey, workspace);
        if (cred.kind !== 'realtime') {
          throw new KeydeckError(
            'NOT_REALTIME_KEY',
            `"${cred.name}" is a ${cred.kind} key; the sandbox mints tokens for realtime keys.`,
          );
        }
        keyName = cred.name;
      }
      const server = new SandboxServer({
        jwt,
        workspace,
        port,
        ...(audience ? { audience } : {}),
        ...(scope ? { scope } : {}),
        ...(tokenKey ? { tokenKey } : {}),
      });
      server.events.on('event', (e: SandboxEvent) => {
        const view = toEventView(++seq, e);
        events.push(view);
        if (events.length > MAX_EVENTS) events = events.slice(-MAX_EVENTS);
        report?.(view);
      });
      await server.start();
      running.add(server);
      // The job lives until `sandbox:stop` cancels it; its progress is each log line, pushed to the caller.
      const job = jobs.start<SandboxEventView, void>(
        'sandbox',
        (run) =>
          new Promise<void>((resolve) => {
            report = (view) => run.progress(view);
            run.signal.addEventListener('abort', () => resolve(), { once: true });
          }),
        {
          listener: (e) =>
            ctx.emit(
              'sandbox:event',
              e.type === 'progress' && e.job.progress
                ? { event: e.job.progress, status: status() }
                : { status: status() },
            ),
        },
      );
      sandbox = {
        server,
        jobId: job.id,
        tokenKey: keyName,
        workspaceId: jwt.workspaceId(workspace),
        startedAt: new Date().toISOString(),
      };
      return status();
    },
    'sandbox:stop': async () => {
      const run = sandbox;
      if (!run) return { stopped: false };
      sandbox = undefined;
      running.delete(run.server);
      await run.server.stop();
      report = undefined;
      jobs.cancel(run.jobId);
      return { stopped: true };
    },
    'sandbox:status': async () => status(),
    'sandbox:events': async ({ since }) => ({
      events: events.filter((e) => e.seq > (since ?? 0)),
      next: seq,
      status: status(),
    }),
    'sandbox:test': async ({ url, key, token, via, workspace }) => {
      let sent = token?.trim() ?? '';
      let kind: 'minted' | 'pasted' | 'none' = sent ? 'pasted' : 'none';
      if (key !== undefined) {
        if (sent) throw new KeydeckError('INVALID_INPUT', 'Pick a realtime key or paste a token, not both.');
        const m = await jwt.mint({
          key,
          alg: 'ES256',
          ttl: '5m',
          audience: sandbox?.server.audience,
          scope: sandbox?.server.scope,
          workspace,
        });
        sent = m.token;
        kind = 'minted';
      }
      // With no token there is nothing to carry: send none (an empty subprotocol is not even legal).
      const how = sent ? (via ?? 'header') : 'header';
      try {
        const r = await testConnection(url, sent, { via: how, timeoutMs: 5000, holdMs: 500 });
        return { ...r, token: kind };
      } catch (err) {
        if (err instanceof SyntaxError) {
          // ws refuses subprotocol values with characters a header token cannot hold.
          throw new KeydeckError(
            'INVALID_INPUT',
            'This token cannot travel as a Sec-WebSocket-Protocol value; send it as a header or ?token=.',
          );
        }
        throw err;
      }
    },
  };
}
