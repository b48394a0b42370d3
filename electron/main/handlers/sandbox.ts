/**
 * Handlers for the realtime sandbox channels of `shared/ipc/jwt.ts`: pure functions over the core (no
 * Electron), so the e2e bridge runs them too. Validation of payloads happens before, in `dispatch`.
 *
 * The sandbox is long-running work: its server lives in this module's state (one per set of handlers,
 * so one per app window), `sandbox:start` binds it (127.0.0.1 only: no host is ever passed, so the
 * core's default loopback bind applies) and runs as a job in the core's registry: each new log line is
 * pushed on `sandbox:event` to the window that started it (nothing polls; `sandbox:events` reads the log
 * once when the screen opens), and `sandbox:stop` closes it and ends the job.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import type { jwtContract, SandboxEventView, SandboxRecordingView, SandboxStatus } from '../../../shared/ipc/jwt.js';
import type { JwtService, SandboxEvent, SandboxServer, WsSession } from '../../core/index.js';
import type { SandboxFaultPreset, WsFrame } from '../../../shared/sandbox.js';
import { NO_SENDER, type FeatureDeps, type FeatureHandlers } from '../ipc-types.js';

/** Events kept for the log the screen reads when it opens. */
const MAX_EVENTS = 500;

/** Every sandbox this process runs, so main can close them all on quit. */
const running = new Set<SandboxServer>();

/** Every open tester session, so main can end them on quit. */
const openSessions = new Set<WsSession>();

/** The error for a token a subprotocol value cannot hold (ws refuses it with a SyntaxError). */
const PROTOCOL_TOKEN = () =>
  new KeydeckError(
    'INVALID_INPUT',
    'This token cannot travel as a Sec-WebSocket-Protocol value; send it as a header or ?token=.',
  );

/** Stops every running sandbox and tester session (call on app quit). */
export async function stopAllSandboxes(): Promise<void> {
  for (const s of openSessions) s.terminate();
  openSessions.clear();
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
  serving: string;
}

/** What each fault preset of the start form turns on (the CLI's --latency, --drop, … with these values). */
export const FAULT_PRESETS = {
  none: {},
  latency: { latencyMs: 80, jitterMs: 30 },
  lossy: { drop: 0.05, duplicate: 0.02, reorder: 0.02 },
  close: { closeAfterMs: 10_000, closeCode: 4000, closeReason: 'forced close (fault)' },
  'slow-handshake': { handshakeDelayMs: 2000 },
  refuse: { refuseHandshake: 503 },
} as const satisfies Record<SandboxFaultPreset, object>;

/** Largest script and recording main reads (the CLI's limits). */
const MAX_SCRIPT_BYTES = 1024 * 1024;
const MAX_RECORDING_BYTES = 64 * 1024 * 1024;

/** Reads a file the user chose, bounded; a missing or oversized one is INVALID_INPUT naming the field. */
async function readChosen(file: string, field: string, max: number): Promise<string> {
  if (!path.isAbsolute(file)) throw new KeydeckError('INVALID_INPUT', `${field}: choose a file.`, field);
  try {
    const st = await fs.stat(file);
    if (!st.isFile() || st.size > max) {
      throw new KeydeckError('INVALID_INPUT', `${field}: not a file of at most ${max / 1024 / 1024} MiB.`, field);
    }
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof KeydeckError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new KeydeckError('INVALID_INPUT', `${field}: cannot read ${path.basename(file)} (${code}).`, field);
  }
}

function toEventView(seq: number, e: SandboxEvent, eventLine: (e: SandboxEvent) => string): SandboxEventView {
  const { at, type } = e;
  const base: SandboxEventView = { seq, at, type, line: eventLine(e) };
  switch (e.type) {
    case 'connect':
      return { ...base, session: e.session, sub: e.sub, via: e.via };
    case 'refusal':
      return { ...base, status: e.status, reason: e.reason, message: e.message };
    case 'message':
      return { ...base, session: e.session, bytes: e.bytes, ...(e.event ? { event: e.event } : {}) };
    case 'close':
      return { ...base, session: e.session, code: e.code, reason: e.reason };
    case 'token':
      return { ...base, sub: e.sub };
    case 'note':
      return { ...base, ...(e.session ? { session: e.session } : {}), message: e.message, reason: e.level };
    default:
      return base;
  }
}

export function sandboxHandlers(
  deps: FeatureDeps,
): FeatureHandlers<Extract<keyof typeof jwtContract, `sandbox:${string}`>> {
  const { core, jobs, clipboard } = deps;
  // The sandbox and the JWT service load with the first sandbox request (ws and jose stay unloaded until then).
  type SandboxLib = Awaited<ReturnType<typeof core.load.sandbox>>;
  let services: Promise<{ jwt: JwtService; sandbox: SandboxLib; lib: SandboxLib }> | undefined;
  const load = () =>
    (services ??= (async () => {
      const lib = await core.load.sandbox();
      return { jwt: new (await core.load.jwt()).JwtService(core), sandbox: lib, lib };
    })());
  let sandbox: SandboxRun | undefined;
  /** The tester's persistent session (one per set of handlers, so one per window). */
  let ws: { session: WsSession; jobId: string } | undefined;
  const closeWs = (run: { session: WsSession; jobId: string }) => {
    run.session.terminate();
    openSessions.delete(run.session);
    jobs.cancel(run.jobId);
    if (ws === run) ws = undefined;
  };
  /** The token a test sends: minted for a realtime key (with the running sandbox's audience and scope), pasted, or none. */
  async function tokenFor(
    key: string | undefined,
    token: string | undefined,
    workspace: string | undefined,
  ): Promise<{ sent: string; kind: 'minted' | 'pasted' | 'none' }> {
    const sent = token?.trim() ?? '';
    if (key === undefined) return { sent, kind: sent ? 'pasted' : 'none' };
    if (sent) throw new KeydeckError('INVALID_INPUT', 'Pick a realtime key or paste a token, not both.');
    const { jwt } = await load();
    const m = await jwt.mint({
      key,
      alg: 'ES256',
      ttl: '5m',
      audience: sandbox?.server.audience,
      scope: sandbox?.server.scope,
      workspace,
    });
    return { sent: m.token, kind: 'minted' };
  }
  /** Where "record to file" writes, and what this app session recorded or the user added. */
  const recordDir = path.join(core.home, 'sandbox-recordings');
  const since = Date.now();
  const added = new Set<string>();
  async function recordings(): Promise<SandboxRecordingView[]> {
    const { lib } = await load();
    const recorded: string[] = [];
    for (const name of await fs.readdir(recordDir).catch(() => [] as string[])) {
      const file = path.join(recordDir, name);
      const st = await fs.stat(file).catch(() => undefined);
      if (name.endsWith('.jsonl') && st?.isFile() && st.mtimeMs >= since) recorded.push(file);
    }
    const list = [
      ...recorded.sort().map((file) => ({ file, source: 'recorded' as const })),
      ...[...added].map((file) => ({ file, source: 'added' as const })),
    ];
    return Promise.all(
      list.map(async ({ file, source }): Promise<SandboxRecordingView> => {
        const view = { file, name: path.basename(file), source };
        try {
          const rec = lib.parseRecording(await readChosen(file, 'replay', MAX_RECORDING_BYTES));
          return { ...view, frames: rec.lines.filter((l) => 'dir' in l).length, auth: rec.auth };
        } catch (err) {
          return { ...view, problem: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
  }
  let events: SandboxEventView[] = [];
  let seq = 0;
  /** Reports a new log line to the running sandbox's job (set once the server listens). */
  let report: ((e: SandboxEventView) => void) | undefined;

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
      serving: sandbox.serving,
    };
  };

  return {
    // ---- sandbox ----
    'sandbox:start': async (req, ctx = NO_SENDER) => {
      const { port, audience, scope, tokenKey, workspace } = req;
      const { jwt, sandbox: lib } = await load();
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
      // Everything is checked by the core before anything listens: a bad script, recording, origin or
      // key starts nothing, and its error (with the script's line) goes back to the form.
      const allowedOrigins = lib.parseAllowedOrigins(req.allowOrigins ?? []);
      for (const k of req.basicKeys ?? []) core.credentials.get(k, workspace);
      const faults = lib.checkFaults(FAULT_PRESETS[req.faults ?? 'none']);
      const script =
        req.script === undefined
          ? undefined
          : lib.parseScript(await readChosen(req.script, 'script', MAX_SCRIPT_BYTES));
      const recording =
        req.replay === undefined
          ? undefined
          : lib.parseRecording(await readChosen(req.replay, 'replay', MAX_RECORDING_BYTES));
      const profile = recording
        ? lib.replayProfile(recording)
        : script
          ? lib.scriptProfile(script, (o) => {
              const view = toEventView(
                ++seq,
                {
                  at: new Date().toISOString(),
                  type: 'note',
                  level: o.missed.length ? 'error' : 'info',
                  message: `script ${o.missed.length ? 'FAILED' : 'passed'}: ${o.met.length} met, ${o.missed.length} missed`,
                },
                lib.eventLine,
              );
              events.push(view);
              report?.(view);
            })
          : (req.profile ?? 'echo');
      const server = new lib.SandboxServer({
        jwt,
        workspace,
        port,
        ...(audience ? { audience } : {}),
        ...(scope ? { scope } : {}),
        ...(tokenKey ? { tokenKey } : {}),
        allowedOrigins,
        profile,
        faults,
        enforceExp: req.enforceExp ?? false,
        ...(req.basicKeys?.length ? { apiKeys: req.basicKeys } : {}),
        ...(req.record ? { recordDir } : {}),
        // A revocation or a deleted key (from this window, another or the CLI) closes the sessions using it.
        credentials: core.credentials,
        watchDir: core.home,
      });
      server.events.on('event', (e: SandboxEvent) => {
        const view = toEventView(++seq, e, lib.eventLine);
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
        serving: [
          req.replay
            ? `replay of ${path.basename(req.replay)}`
            : req.script
              ? `script ${path.basename(req.script)}`
              : `${req.profile ?? 'echo'} profile`,
          req.faults && req.faults !== 'none' ? `faults: ${req.faults}` : '',
          req.enforceExp ? 'closes at token expiry' : '',
          req.record ? 'recording sessions' : '',
        ]
          .filter(Boolean)
          .join(' · '),
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
    'sandbox:recordings': async () => ({ recordings: await recordings() }),
    'sandbox:recordings:add': async ({ file }) => {
      const { lib } = await load();
      // Only a recording the core can play joins the list.
      lib.parseRecording(await readChosen(file, 'replay', MAX_RECORDING_BYTES));
      added.add(file);
      return { recordings: await recordings() };
    },
    'sandbox:events': async ({ since }) => ({
      events: events.filter((e) => e.seq > (since ?? 0)),
      next: seq,
      status: status(),
    }),
    'sandbox:test': async ({ url, key, token, via, workspace }) => {
      const { lib } = await load();
      const { sent, kind } = await tokenFor(key, token, workspace);
      // With no token there is nothing to carry: send none (an empty subprotocol is not even legal).
      const how = sent ? (via ?? 'header') : 'header';
      try {
        const r = await lib.testConnection(url, sent, { via: how, timeoutMs: 5000, holdMs: 500 });
        return { ...r, token: kind };
      } catch (err) {
        if (err instanceof SyntaxError) throw PROTOCOL_TOKEN();
        throw err;
      }
    },
    'sandbox:copy': async ({ what }) => {
      const s = status();
      const url = what === 'ws' ? s.url : what === 'jwks' ? s.jwksUrl : s.tokenUrl;
      if (!url) throw new KeydeckError('SANDBOX_NOT_RUNNING', 'The sandbox is not running: start it first.');
      const clearAfterSeconds = core.settings.get().clipboardClearSeconds;
      await clipboard.copy(url, clearAfterSeconds);
      return { url, clearAfterSeconds };
    },
    'sandbox:ws:open': async ({ url, key, token, via, workspace }, ctx = NO_SENDER) => {
      const { lib } = await load();
      if (ws?.session.open) {
        throw new KeydeckError('WS_OPEN', `A connection to ${ws.session.url} is open. Close it first.`);
      }
      if (ws) closeWs(ws);
      const { sent, kind } = await tokenFor(key, token, workspace);
      const session = new lib.WsSession(url, sent, { via: sent ? (via ?? 'header') : 'header', timeoutMs: 5000 });
      // Each frame is a progress report of the session's job, pushed to the window that opened it.
      let report: ((f: WsFrame) => void) | undefined;
      const pending: WsFrame[] = [];
      session.on('frame', (f: WsFrame) => (report ? report(f) : pending.push(f)));
      const job = jobs.start<WsFrame, void>(
        'ws-tester',
        (run) =>
          new Promise<void>((resolve) => {
            report = (f) => run.progress(f);
            pending.splice(0).forEach(report);
            session.once('end', () => resolve());
            run.signal.addEventListener('abort', () => resolve(), { once: true });
          }),
        {
          listener: (e) =>
            ctx.emit(
              'sandbox:ws:frame',
              e.type === 'progress' && e.job.progress ? { frame: e.job.progress, open: session.open } : { open: false },
            ),
        },
      );
      ws = { session, jobId: job.id };
      openSessions.add(session);
      try {
        const r = await session.connect();
        return { ...r, token: kind };
      } catch (err) {
        closeWs(ws);
        throw err;
      }
    },
    'sandbox:ws:send': async ({ text }) => {
      if (!ws) throw new KeydeckError('WS_NOT_OPEN', 'The connection is not open. Connect first.');
      return { seq: ws.session.send(text).seq };
    },
    'sandbox:ws:close': async ({ code, reason }) => {
      (await load()).lib.checkCloseCode(code, reason);
      if (!ws?.session.open) return { closed: false };
      ws.session.close(code, reason ?? '');
      return { closed: true };
    },
  };
}
