/**
 * The IPC handlers: pure functions over the core and a clipboard, one per channel of
 * `shared/ipc-contract.ts`. No Electron here, so the e2e bridge runs these very handlers, and
 * `dispatch` applies the same validation everywhere: payloads arrive as `unknown`, are refused if
 * they carry prototype keys, and are parsed by the channel's schema before any handler runs.
 */
import { KeydeckError, toErrorPayload } from '../../shared/errors.js';
import { describeIssues, type SchemaIssue } from '../../shared/input-words.js';
import {
  ipcContract,
  isIpcChannel,
  type IpcChannel,
  type IpcParsed,
  type IpcResult,
} from '../../shared/ipc-contract.js';
import { JobRegistry } from '../core/index.js';
import { validationHandlers } from './handlers/validation.js';
import { jwtHandlers } from './handlers/jwt.js';
import { sandboxHandlers } from './handlers/sandbox.js';
import { envImportHandlers, workHandlers } from './handlers/work.js';
import { backupHandlers } from './handlers/backup.js';
import { quickHandlers } from './handlers/quick.js';
import { teamHandlers } from './handlers/team.js';
import { copyCredential } from './copy-action.js';
import { NO_SENDER, type CallContext, type HandlerDeps, type IpcHandlers } from './ipc-types.js';

export type { CallContext, FeatureHandlers, HandlerDeps, IpcHandlers } from './ipc-types.js';

export function createHandlers(deps: HandlerDeps): IpcHandlers {
  const { core, clipboard, version, startupNotices } = deps;
  const withJobs = { ...deps, jobs: deps.jobs ?? new JobRegistry() };
  const creds = core.credentials;
  return {
    ...validationHandlers(withJobs),
    ...jwtHandlers(withJobs),
    ...sandboxHandlers(withJobs),
    ...workHandlers(withJobs),
    ...envImportHandlers(withJobs),
    ...backupHandlers(withJobs),
    ...quickHandlers(withJobs),
    ...teamHandlers(withJobs),
    'app:info': async () => {
      const report = await core.doctor();
      return {
        version,
        platform: process.platform,
        keychain: report.keychain,
        catalogPath: report.catalog.path,
        notices: startupNotices?.() ?? [],
      };
    },
    'workspaces:list': async () => core.workspaces.list(),
    'workspaces:add': async ({ name }) => core.workspaces.add(name),
    'workspaces:use': async ({ workspace }) => core.workspaces.use(workspace),
    'workspaces:remove': async ({ workspace }) => {
      const r = await core.workspaces.remove(workspace);
      await creds.clearTombstones();
      return r;
    },
    'credentials:list': async (q) => creds.list(q),
    'credentials:get': async ({ id, workspace }) => creds.get(id, workspace),
    'credentials:create': async ({ input, secret }) => creds.create(input, secret),
    'credentials:update': async ({ id, workspace, patch }) => creds.update(id, patch, workspace),
    'credentials:rotate': async ({ id, workspace, secret }) => creds.rotate(id, secret, workspace),
    'credentials:retire': async ({ id, workspace, version }) => creds.retire(id, version, workspace),
    // Delete moves to the trash (undo restores it); the keychain entries go when the trash is emptied.
    'credentials:delete': async ({ id, workspace }) => {
      await core.trash.moveToTrash(id, workspace);
      return { deleted: true as const };
    },
    'credentials:copy': async ({ id, workspace, format }) => copyCredential({ core, clipboard }, id, format, workspace),
    'credentials:reveal': async ({ id, workspace }) => {
      const use = await creds.readSecret(id, { workspace, action: 'reveal' });
      return { version: use.version, secret: use.secret };
    },
    'clipboard:clear': async () => ({ cleared: await clipboard.clearIfOurs() }),
    'uselog:list': async ({ limit }) => creds.useLogEntries(limit),
    'settings:get': async () => core.settings.get(),
    'settings:update': async ({ patch }) => core.settings.update(patch),
  };
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 8;

/** Refuses prototype-polluting keys and absurd nesting anywhere in a payload. */
function checkShape(value: unknown, depth = 0): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) return 'the request is nested too deeply';
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) {
    return 'the request must be plain data';
  }
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') return 'the request must be plain data';
    if (FORBIDDEN_KEYS.has(key)) return `the key "${key}" is not allowed`;
    const why = checkShape((value as Record<string, unknown>)[key], depth + 1);
    if (why) return why;
  }
  return undefined;
}

/** Parses a payload for a channel; throws `INVALID_INPUT` naming the first problem. */
export function parseRequest<C extends IpcChannel>(channel: C, payload: unknown): IpcParsed<C> {
  const shape = checkShape(payload);
  if (shape) throw new KeydeckError('INVALID_INPUT', `Invalid request for ${channel}: ${shape}.`);
  const r = ipcContract[channel].request.safeParse(payload);
  if (!r.success) {
    // A form's input (`input.*`, `patch.*`): every problem, in words, each beside its field.
    const form = r.error.issues.filter((x) => x.path[0] === 'input' || x.path[0] === 'patch');
    if (form.length === r.error.issues.length) {
      const issues = describeIssues(form as SchemaIssue[], 1);
      throw new KeydeckError('INVALID_INPUT', issues.map((x) => x.message).join(' '), issues[0]!.field, issues);
    }
    const i = r.error.issues[0]!;
    const where = i.path.length ? `${i.path.map(String).join('.')}: ` : '';
    throw new KeydeckError('INVALID_INPUT', `Invalid request for ${channel}: ${where}${i.message}`.slice(0, 300));
  }
  return r.data as IpcParsed<C>;
}

/**
 * Validates and runs one call. Never throws: the result is `{ ok, value }` or `{ ok: false, error }`
 * with a typed `{ code, message, field? }` object (never a string to re-parse); unknown errors become
 * `INTERNAL` without their message. `ctx` says who called, so a job's events go back to that sender.
 */
export async function dispatch(
  handlers: IpcHandlers,
  channel: unknown,
  payload: unknown,
  ctx: CallContext = NO_SENDER,
): Promise<IpcResult<unknown>> {
  if (!isIpcChannel(channel)) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: 'Unknown IPC channel.' } };
  }
  try {
    const req = parseRequest(channel, payload);
    const handler = handlers[channel] as (r: unknown, c: CallContext) => Promise<unknown>;
    return { ok: true, value: await handler(req, ctx) };
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}
