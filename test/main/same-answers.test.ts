/**
 * One rule, one answer: the CLI and the app give the same answer to the same request. Each case runs
 * through the real `keydeck` command (in process, `runCli`) and through the real IPC registration (sender
 * check, zod validation, handlers) over two cores with the same fixtures; the error codes (or success)
 * must match, and a refused request must leave both catalogs unchanged.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import type { IpcChannel, IpcRequest } from '../../shared/ipc-contract.js';
import { runCli } from '../../electron/cli/main.js';
import type { CliIO } from '../../electron/cli/io.js';
import { ClipboardGuard, MemoryClipboard } from '../../electron/main/clipboard-guard.js';
import { createHandlers } from '../../electron/main/ipc-handlers.js';
import { registerIpc, type IpcEvent } from '../../electron/main/ipc.js';
import { makeTestCore, type TestCore } from '../harness/core.js';

const APP_URL = 'file:///opt/Keydeck/resources/app.asar/dist/renderer/';
const trusted: IpcEvent = { senderFrame: { url: `${APP_URL}index.html` }, sender: { id: 1 } };

type Answer = 'ok' | string;

/** The app's front: the real registration, called as Electron would. */
async function appFront(core: TestCore) {
  const handlers = createHandlers({ core, clipboard: new ClipboardGuard(new MemoryClipboard()), version: 'test' });
  const registered = new Map<string, (event: IpcEvent, ...args: unknown[]) => Promise<unknown>>();
  registerIpc(
    { handle: (c, l) => void registered.set(c, l), removeHandler: (c) => void registered.delete(c) },
    handlers,
    { appUrl: APP_URL, webContentsIds: () => [1] },
  );
  return async <C extends IpcChannel>(channel: C, req: IpcRequest<C>): Promise<Answer> => {
    const r = (await registered.get(channel)!(trusted, req)) as { ok: boolean; error?: { code: string } };
    return r.ok ? 'ok' : r.error!.code;
  };
}

/** The CLI's front: `runCli` in this process, with the secret piped on stdin. */
function cliFront(core: TestCore) {
  return async (argv: string[], stdin = ''): Promise<Answer> => {
    let stderr = '';
    const sink = (f: (s: string) => void) =>
      new Writable({
        write(chunk: Buffer, _e, cb) {
          f(chunk.toString());
          cb();
        },
      });
    const io: CliIO = {
      stdin: Object.assign(Readable.from([Buffer.from(stdin)]), { isTTY: false }) as unknown as NodeJS.ReadStream,
      stdout: sink(() => undefined),
      stderr: sink((s) => (stderr += s)),
      env: {},
    };
    const code = await runCli(argv, io, () => core);
    if (code === 0) return 'ok';
    return /error\[([A-Z_]+)\]/.exec(stderr)?.[1] ?? `exit ${code}: ${stderr}`;
  };
}

interface Case {
  label: string;
  cli: [string[], string?];
  app: { [C in IpcChannel]: [C, IpcRequest<C>] }[IpcChannel];
  expect: Answer;
}

const OPENAI = 'sk-proj-sameanswers000000000000000000';
const CASES: Case[] = [
  {
    label: 'a second BYOK key for the same provider',
    cli: [['add', 'OpenAI 2', '--kind', 'byok', '--provider', 'openai'], 'sk-proj-another0000000000000000000000'],
    app: [
      'credentials:create',
      {
        input: { name: 'OpenAI 2', kind: 'byok', provider: 'openai' },
        secret: 'sk-proj-another0000000000000000000000',
      },
    ],
    expect: 'BYOK_PROVIDER_TAKEN',
  },
  {
    label: 'write permissions on a BYOK key',
    cli: [['add', 'Groq', '--kind', 'byok', '--provider', 'groq', '--write', 'voice'], 'gsk_0123456789abcdef0123'],
    app: [
      'credentials:create',
      {
        input: { name: 'Groq', kind: 'byok', provider: 'groq', writePermissions: ['voice'] },
        secret: 'gsk_0123456789abcdef0123',
      },
    ],
    expect: 'INVALID_INPUT',
  },
  {
    label: 'a realtime key for OpenAI',
    cli: [['add', 'RT', '--kind', 'realtime', '--provider', 'openai'], 'a:b'],
    app: ['credentials:create', { input: { name: 'RT', kind: 'realtime', provider: 'openai' }, secret: 'a:b' }],
    expect: 'INVALID_INPUT',
  },
  {
    label: 'a name with a bidi override',
    cli: [['add', 'Prod\u202Etset', '--kind', 'standard'], 'k:s'],
    app: ['credentials:create', { input: { name: 'Prod\u202Etset', kind: 'standard' }, secret: 'k:s' }],
    expect: 'INVALID_NAME',
  },
  {
    label: 'a name with an escape sequence',
    cli: [['add', 'a\u001b]0;owned\u0007', '--kind', 'standard'], 'k:s'],
    app: ['credentials:create', { input: { name: 'a\u001b]0;owned\u0007', kind: 'standard' }, secret: 'k:s' }],
    expect: 'INVALID_NAME',
  },
  {
    label: 'a base URL with a user name and password',
    cli: [['add', 'Mine', '--kind', 'standard', '--base-url', 'https://u:p@api.example.com'], 'k:s'],
    app: [
      'credentials:create',
      { input: { name: 'Mine', kind: 'standard', baseUrl: 'https://u:p@api.example.com' }, secret: 'k:s' },
    ],
    expect: 'INVALID_URL',
  },
  {
    label: 'a public key without an origin',
    cli: [['add', 'Pub', '--kind', 'standard', '--audience', 'public'], 'k:s'],
    app: ['credentials:create', { input: { name: 'Pub', kind: 'standard', audience: 'public' }, secret: 'k:s' }],
    expect: 'PUBLIC_KEY_NEEDS_ORIGIN',
  },
  {
    label: 'a javascript: origin',
    cli: [['add', 'Pub', '--kind', 'standard', '--audience', 'public', '--origin', 'javascript:alert(1)'], 'k:s'],
    app: [
      'credentials:create',
      {
        input: { name: 'Pub', kind: 'standard', audience: 'public', allowedOrigins: ['javascript:alert(1)'] },
        secret: 'k:s',
      },
    ],
    expect: 'INVALID_ORIGIN',
  },
  {
    label: 'an empty secret',
    cli: [['add', 'Empty', '--kind', 'byok', '--provider', 'xai'], ''],
    app: ['credentials:create', { input: { name: 'Empty', kind: 'byok', provider: 'xai' }, secret: '' }],
    expect: 'EMPTY_SECRET',
  },
  {
    label: 'a duplicate name',
    cli: [['add', 'OpenAI', '--kind', 'standard'], 'k:s'],
    app: ['credentials:create', { input: { name: 'OpenAI', kind: 'standard' }, secret: 'k:s' }],
    expect: 'DUPLICATE_NAME',
  },
  {
    label: 'a valid standard key',
    cli: [['add', 'Inworld', '--kind', 'standard', '--write', 'voice'], 'key:secret'],
    app: [
      'credentials:create',
      { input: { name: 'Inworld', kind: 'standard', writePermissions: ['voice'] }, secret: 'key:secret' },
    ],
    expect: 'ok',
  },
];

describe('the CLI and the app give the same answer to the same request', () => {
  let cliCore: TestCore;
  let appCore: TestCore;
  let cli: ReturnType<typeof cliFront>;
  let app: Awaited<ReturnType<typeof appFront>>;
  before(async () => {
    cliCore = makeTestCore();
    appCore = makeTestCore();
    for (const core of [cliCore, appCore]) {
      await core.settings.update({ validateOnSave: false });
      await core.credentials.create({ name: 'OpenAI', kind: 'byok', provider: 'openai' }, OPENAI);
    }
    cli = cliFront(cliCore);
    app = await appFront(appCore);
  });
  after(async () => {
    await cliCore.cleanup();
    await appCore.cleanup();
  });

  for (const c of CASES) {
    test(c.label, async () => {
      const names = (core: TestCore) => core.credentials.list().map((x) => x.name);
      const before = [names(cliCore), names(appCore)];
      const fromCli = await cli(c.cli[0], c.cli[1]);
      const fromApp = await app(...(c.app as [IpcChannel, never]));
      assert.deepEqual({ cli: fromCli, app: fromApp }, { cli: c.expect, app: c.expect });
      if (c.expect === 'ok') {
        await cliCore.credentials.delete(c.app[1] && 'input' in c.app[1] ? c.app[1].input.name : '');
        await appCore.credentials.delete(c.app[1] && 'input' in c.app[1] ? c.app[1].input.name : '');
      } else {
        assert.deepEqual([names(cliCore), names(appCore)], before, 'a refused request changes nothing');
      }
    });
  }
});
