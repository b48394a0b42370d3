/**
 * The CLI contract of the basic commands (add, list, show, header, env, rotate, retire, rm, workspace,
 * doctor). Most cases run `runCli` in this process (runKeydeckHere): the same parsing, core, exit code and
 * stdout/stderr split without a process start. The real binary runs where only a process shows the thing
 * tested: its exit status and piped stdin, several processes writing at once, a missing, locked or
 * crashing keyring (a D-Bus session of its own).
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, cliEnv, dropCliEnv, runKeydeck, runKeydeckHere, type CliEnv } from '../harness/cli.js';
import { startMockProvider } from '../harness/mock-provider.js';

const OPENAI = 'sk-proj-T3stKey0123456789abcdefghijkl';
const b64 = (s: string) => Buffer.from(s).toString('base64');

const envs: CliEnv[] = [];
after(() => Promise.all(envs.map(dropCliEnv)));
/** A fresh CliEnv, dropped after the file. */
function freshEnv(...args: Parameters<typeof cliEnv>): CliEnv {
  const cli = cliEnv(...args);
  envs.push(cli);
  return cli;
}

/** The three credentials the contract tests work on: Inworld (Basic), OpenAI (BYOK) and Web (public). */
async function seeded(): Promise<CliEnv> {
  const cli = freshEnv();
  for (const [args, input] of SEED) {
    const r = await runKeydeckHere(cli, args, { input });
    assert.equal(r.code, 0, r.stderr);
  }
  return cli;
}

const SEED: [string[], string][] = [
  [
    ['add', 'Inworld', '--kind', 'standard', '--write', 'voice', '--write', 'router', '--tag', 'prod'],
    'key-id:key-secret\n',
  ],
  [['add', 'OpenAI', '--kind', 'byok', '--provider', 'openai', '--base-url', 'http://127.0.0.1:9/v1'], OPENAI],
  [
    [
      'add',
      'Web',
      '--kind',
      'standard',
      '--provider',
      'custom',
      '--audience',
      'public',
      '--origin',
      'https://app.example.com',
      '--assistant',
      'a1',
      '--env',
      'WEB_PUBLIC_KEY',
    ],
    'pk_live_abcdefghijklmnop',
  ],
];

describe('keydeck binary (a real process)', () => {
  test('add reads the secret from piped stdin (exit 0, notice on stderr); list --json on stdout; exit 1 and 2 on failure', async () => {
    const cli = freshEnv();
    let r = await runKeydeck(cli, SEED[0]![0], { input: SEED[0]![1] });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /notice: .*encoded/);
    assert.equal(r.stdout.includes('key-secret'), false);
    r = await runKeydeck(cli, ['list', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { name: string }[]).map((c) => c.name),
      ['Inworld'],
    );
    assert.ok(!r.stdout.includes(b64('key-id:key-secret')) && !r.stdout.includes('key-secret'));
    r = await runKeydeck(cli, ['header', 'nope']);
    assert.deepEqual([r.code, r.stdout], [1, '']);
    assert.match(r.stderr, /^error\[CREDENTIAL_NOT_FOUND\]/m);
    r = await runKeydeck(cli, ['frobnicate']);
    assert.deepEqual([r.code, r.stdout], [2, '']);
    assert.match(r.stderr, /^error\[USAGE\]: unknown command/m);
  });

  test('parallel CLI writers (processes) lose no update', async () => {
    const cli = freshEnv();
    const runs = Array.from({ length: 4 }, (_, i) =>
      runKeydeck(cli, ['add', `par-${i}`, '--kind', 'standard', '--provider', 'custom', '--tag', 'par'], {
        input: `tok_${i}_0123456789abcdef`,
      }),
    );
    for (const r of await Promise.all(runs)) assert.equal(r.code, 0, r.stderr);
    const r = await runKeydeckHere(cli, ['list', '--json']);
    const names = (JSON.parse(r.stdout) as { name: string }[]).map((c) => c.name).filter((n) => n.startsWith('par-'));
    assert.deepEqual(names.sort(), ['par-0', 'par-1', 'par-2', 'par-3']);
  });
});

describe('keydeck CLI contract', () => {
  test('add reads the secret from stdin, never argv; list --json holds no secret', async () => {
    const cli = freshEnv();
    let r = await runKeydeckHere(cli, SEED[0]![0], { input: SEED[0]![1] });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /notice: .*encoded/);
    r = await runKeydeckHere(cli, SEED[1]![0], { input: SEED[1]![1] });
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeckHere(cli, SEED[2]![0], { input: SEED[2]![1] });
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeckHere(cli, ['list', '--json']);
    assert.equal(r.code, 0);
    const list = JSON.parse(r.stdout) as { name: string; kind: string }[];
    assert.deepEqual(
      list.map((c) => c.name),
      ['Inworld', 'OpenAI', 'Web'],
    );
    for (const s of [OPENAI, b64('key-id:key-secret'), 'key-secret', 'pk_live_abcdefghijklmnop'])
      assert.ok(!r.stdout.includes(s));
    r = await runKeydeckHere(cli, ['list']);
    assert.match(r.stdout, /NAME\s+KIND\s+PROVIDER/);
    assert.match(r.stdout, /OpenAI\s+byok\s+openai\s+secret\s+sk-proj-T3stKey0/);
  });

  test('header and env print ready-to-use lines', async () => {
    const cli = await seeded();
    let r = await runKeydeckHere(cli, ['header', 'Inworld']);
    assert.equal(r.stdout, `Authorization: Basic ${b64('key-id:key-secret')}\n`);
    r = await runKeydeckHere(cli, ['header', 'OpenAI']);
    assert.equal(r.stdout, `Authorization: Bearer ${OPENAI}\n`);
    r = await runKeydeckHere(cli, ['env', 'OpenAI']);
    assert.equal(r.stdout, `export OPENAI_API_KEY='${OPENAI}'\nexport OPENAI_BASE_URL='http://127.0.0.1:9/v1'\n`);
    r = await runKeydeckHere(cli, ['env', 'OpenAI', '--shell', 'powershell']);
    assert.equal(r.stdout, `$env:OPENAI_API_KEY = '${OPENAI}'\n$env:OPENAI_BASE_URL = 'http://127.0.0.1:9/v1'\n`);
    r = await runKeydeckHere(cli, ['env', 'Web', '--shell', 'dotenv']);
    assert.equal(r.stdout, 'WEB_PUBLIC_KEY=pk_live_abcdefghijklmnop\n');
    // the env lines really work in a shell
    r = await runKeydeckHere(cli, ['env', 'Inworld']);
    const sh = spawnSync('sh', ['-c', `${r.stdout}\nprintf %s "$INWORLD_API_KEY"`], { encoding: 'utf8' });
    assert.equal(sh.stdout, b64('key-id:key-secret'));
    r = await runKeydeckHere(cli, ['env', 'Inworld', '--shell', 'fish']);
    assert.equal(r.code, 2);
  });

  test('show, rotate, retire', async () => {
    const cli = await seeded();
    let r = await runKeydeckHere(cli, ['rotate', 'OpenAI'], { input: 'sk-proj-N3wKey9876543210zyxwvutsrqpo' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /v2 .* is active/);
    assert.match(r.stderr, /v1 keeps working until/);
    r = await runKeydeckHere(cli, ['show', 'OpenAI', '--json']);
    const cred = JSON.parse(r.stdout);
    assert.deepEqual(
      cred.versions.map((v: { status: string }) => v.status),
      ['retiring', 'active'],
    );
    r = await runKeydeckHere(cli, ['retire', 'OpenAI', '--version', '1']);
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeckHere(cli, ['show', 'OpenAI']);
    assert.match(r.stdout, /v1\s+retired/);
    assert.match(r.stdout, /v2\s+active/);
    r = await runKeydeckHere(cli, ['retire', 'OpenAI']);
    assert.equal(r.code, 2);
    r = await runKeydeckHere(cli, ['retire', 'OpenAI', '--version', '7']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error\[VERSION_NOT_FOUND\]/m);
  });

  test('workspaces and --workspace', async () => {
    const cli = freshEnv();
    let r = await runKeydeckHere(cli, ['workspace', 'add', 'Staging']);
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeckHere(
      cli,
      ['add', 'OpenAI', '--kind', 'byok', '--provider', 'openai', '--workspace', 'Staging'],
      {
        input: 'sk-staging-0123456789abcdef',
      },
    );
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeckHere(cli, ['header', 'OpenAI', '--workspace', 'Staging']);
    assert.equal(r.stdout, 'Authorization: Bearer sk-staging-0123456789abcdef\n');
    r = await runKeydeckHere(cli, ['workspace', 'use', 'Staging']);
    assert.equal(r.code, 0);
    r = await runKeydeckHere(cli, ['workspace', 'list']);
    assert.equal(r.stdout, '  Personal\n* Staging\n');
    r = await runKeydeckHere(cli, ['list', '--json']);
    assert.equal(JSON.parse(r.stdout).length, 1);
    r = await runKeydeckHere(cli, ['workspace', 'use', 'Personal']);
    assert.equal(r.code, 0);
    r = await runKeydeckHere(cli, ['workspace', 'rm', 'Staging']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error\[WORKSPACE_NOT_EMPTY\]: Workspace "Staging" still holds 1 credential/m);
    r = await runKeydeckHere(cli, ['workspace', 'add', 'Scratch']);
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeckHere(cli, ['workspace', 'rm', 'Scratch']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Removed workspace "Scratch"/);
    r = await runKeydeckHere(cli, ['list', '--workspace', 'Nope']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error\[WORKSPACE_NOT_FOUND\]: No workspace named "Nope"/m);
  });

  test('rm asks for --yes off a terminal, then deletes', async () => {
    const cli = await seeded();
    let r = await runKeydeckHere(cli, ['rm', 'Web']);
    assert.equal(r.code, 2);
    r = await runKeydeckHere(cli, ['rm', 'Web', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeckHere(cli, ['show', 'Web']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error\[CREDENTIAL_NOT_FOUND\]/m);
  });

  test('doctor reports the Secret Service backend and a private catalog', async () => {
    const cli = freshEnv();
    const r = await runKeydeckHere(cli, ['doctor', '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const d = JSON.parse(r.stdout);
    assert.equal(d.keychain.id, 'secret-service');
    assert.equal(d.keychain.reachable, true);
    assert.equal(d.keychain.persistent, true);
    assert.equal(d.catalog.path, path.join(cli.home, 'catalog.json'));
    assert.equal(d.catalog.mode, '0600');
    assert.equal(d.catalog.healthy, true);
  });

  test('bad input: exit codes and error[CODE] messages', async () => {
    const cli = await seeded();
    const cases: [string[], string, number, RegExp][] = [
      [['add', 'x', '--kind', 'standard'], '', 1, /^error\[EMPTY_SECRET\]/m],
      [['add', 'x', '--kind', 'standard'], 'notbase64!!', 1, /^error\[INVALID_BASIC_CREDENTIAL\]/m],
      [['add', 'x', '--kind', 'standard'], 'x'.repeat(17 * 1024), 1, /^error\[SECRET_TOO_LARGE\]/m],
      [['add', 'x\u0001y', '--kind', 'byok', '--provider', 'xai'], 'xai-1', 1, /^error\[INVALID_NAME\]/m],
      [['add', 'Inworld', '--kind', 'standard'], 'a:b', 1, /^error\[DUPLICATE_NAME\]/m],
      [['add', 'Other', '--kind', 'byok', '--provider', 'openai'], 'sk-x', 1, /^error\[BYOK_PROVIDER_TAKEN\]/m],
      [
        ['add', 'Pub', '--kind', 'standard', '--provider', 'custom', '--audience', 'public'],
        'pk',
        1,
        /^error\[PUBLIC_KEY_NEEDS_ORIGIN\]/m,
      ],
      [['add', 'x', '--kind', 'premium'], 'a:b', 2, /^error\[USAGE\]: --kind must be one of/m],
      [['add', 'x'], 'a:b', 2, /^error\[USAGE\]: --kind is required/m],
      [['add', 'x', '--kind', 'byok', '--bogus'], 'a:b', 2, /^error\[USAGE\]: Unknown option '--bogus'/m],
      [['header', 'nope'], '', 1, /^error\[CREDENTIAL_NOT_FOUND\]/m],
      // A secret pasted where the NAME belongs is never repeated (the check below looks for any piece).
      [
        ['header', 'sk-live-0123456789abcdefghijKLMNOPQRST'],
        '',
        1,
        /^error\[CREDENTIAL_NOT_FOUND\]: No credential by that name/m,
      ],
      [['header'], '', 2, /^error\[USAGE\]: expected one NAME/m],
      [['frobnicate'], '', 2, /^error\[USAGE\]: unknown command/m],
    ];
    const before = fs.readFileSync(path.join(cli.home, 'catalog.json'), 'utf8');
    for (const [args, input, code, err] of cases) {
      const r = await runKeydeckHere(cli, args, { input });
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, err, args.join(' '));
      assert.ok(!r.stderr.includes('xai-1') && !r.stderr.includes('notbase64'), 'an error echoed the secret');
      assert.ok(!/0123456789abcd|ghijKLMN/.test(r.stdout + r.stderr), `an error echoed the argument: ${r.stderr}`);
    }
    assert.equal(
      fs.readFileSync(path.join(cli.home, 'catalog.json'), 'utf8'),
      before,
      'a failed command wrote to the catalog',
    );
  });

  test('a secret passed as an argument is refused as a usage error, not stored', async () => {
    const cli = freshEnv();
    const r = await runKeydeckHere(cli, ['add', 'Argv', 'sk-in-argv-123456', '--kind', 'byok', '--provider', 'xai'], {
      input: 'xai-1',
    });
    assert.equal(r.code, 2);
    const list = await runKeydeckHere(cli, ['list', '--json']);
    assert.ok(!list.stdout.includes('Argv'));
  });
});

describe('keychain missing or locked', () => {
  test('no Secret Service: KEYCHAIN_UNAVAILABLE, saying what to do, nothing stored', async () => {
    const cli = freshEnv({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    const r = await runKeydeck(cli, ['add', 'k', '--kind', 'byok', '--provider', 'xai'], { input: 'xai-abc' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error\[KEYCHAIN_UNAVAILABLE\]: .*unlock your keyring/m);
    const list = await runKeydeckHere(cli, ['list', '--json']);
    assert.deepEqual(JSON.parse(list.stdout), []);
  });

  test('a locked keyring: KEYCHAIN_UNAVAILABLE, no fallback to the kernel keyring', () => {
    // A keyring of its own, so locking it cannot disturb other tests. The home's settings keep
    // validate-on-save off: no probe of a real provider.
    const cli = freshEnv();
    const script = `
      export XDG_DATA_HOME="$(mktemp -d)"
      eval "$(printf x | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
      printf 'a:b' | node ${BIN} add one --kind standard >/dev/null || exit 10
      gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \\
        --method org.freedesktop.Secret.Service.Lock "['/org/freedesktop/secrets/collection/login']" >/dev/null || exit 11
      printf 'a:c' | node ${BIN} add two --kind standard
      echo "rc=$?"
      node ${BIN} header one
      echo "rc=$?"
      node ${BIN} list --json`;
    const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', script], {
      env: cli.env,
      encoding: 'utf8',
      timeout: 180_000, // only a hung run meets it (a loaded machine is slow, not hung)
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /rc=1\nrc=1\n/);
    assert.equal((r.stderr.match(/error\[KEYCHAIN_UNAVAILABLE\]/g) ?? []).length, 2, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as { name: string }[]).map((c) => c.name),
      ['one'],
    );
  });

  test('a keyring daemon that crashes mid-session is ridden out: the next call retries and succeeds', () => {
    // A private session of its own (scripts/with-keyring.sh: no bus activation, a watchdog that
    // restarts the daemon unlocked), so aborting its daemon cannot disturb other tests.
    // The outage lasts about a second: longer than the CLI's start, shorter than its retries.
    const cli = freshEnv({ KEYDECK_KEYRING_RESTART_DELAY: '0.8' });
    const script = `
      printf 'a:b' | node ${BIN} add one --kind standard >/dev/null || exit 10
      pid=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \\
        --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets | sed -n 's/^(uint32 \\([0-9]*\\),)$/\\1/p')
      kill -ABRT "$pid" || exit 11
      node ${BIN} header one`;
    const r = spawnSync(path.resolve('scripts/with-keyring.sh'), ['sh', '-c', script], {
      env: cli.env,
      encoding: 'utf8',
      timeout: 180_000, // only a hung run meets it (a loaded machine is slow, not hung)
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').pop(), `Authorization: Basic ${b64('a:b')}`);
    assert.match(r.stderr, /restarting it unlocked/);
  });

  test('doctor warns when the default keyring lives in memory only', () => {
    const cli = freshEnv();
    const script = `
      export XDG_DATA_HOME="$(mktemp -d)"
      eval "$(printf x | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
      gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \\
        --method org.freedesktop.Secret.Service.SetAlias default /org/freedesktop/secrets/collection/session >/dev/null || exit 11
      node ${BIN} doctor --json`;
    const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', script], {
      env: cli.env,
      encoding: 'utf8',
      timeout: 180_000, // only a hung run meets it (a loaded machine is slow, not hung)
    });
    assert.equal(r.status, 1, r.stderr);
    // gnome-keyring-daemon may echo its environment onto the shared stdout first
    const d = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    assert.equal(d.keychain.persistent, false);
    assert.match(d.keychain.detail, /in memory only/);
    assert.equal(d.ok, false);
  });
});

describe('validate on save', () => {
  test('add probes the new key when the setting is on, and --no-validate skips it', async () => {
    const mock = await startMockProvider();
    try {
      mock.setKey('openai', 'sk-proj-Good0123456789abcdefghijkl', 'ok');
      const cli = freshEnv({}, { validateOnSave: true });
      let r = await runKeydeckHere(
        cli,
        ['add', 'OpenAI', '--kind', 'byok', '--provider', 'openai', '--base-url', mock.baseUrl('openai'), '--json'],
        {
          input: 'sk-proj-Good0123456789abcdefghijkl',
        },
      );
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /notice: validation: valid/);
      assert.equal(JSON.parse(r.stdout).validation.status, 'valid');
      r = await runKeydeckHere(cli, ['show', 'OpenAI', '--json']);
      assert.equal(JSON.parse(r.stdout).validation.status, 'valid');
      // a rejected key is still stored (you may be offline); the badge says why
      r = await runKeydeckHere(
        cli,
        ['add', 'Groq', '--kind', 'byok', '--provider', 'groq', '--base-url', mock.baseUrl('groq')],
        {
          input: 'gsk_Unknown0123456789abcdefghijkl',
        },
      );
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /notice: validation: invalid \(HTTP 401\)/);
      const before = mock.requests.length;
      r = await runKeydeckHere(
        cli,
        ['add', 'xAI', '--kind', 'byok', '--provider', 'xai', '--base-url', mock.baseUrl('xai'), '--no-validate'],
        {
          input: 'xai-Skip0123456789abcdefghijkl',
        },
      );
      assert.equal(r.code, 0, r.stderr);
      assert.equal(mock.requests.length, before, '--no-validate sent a request');
      assert.doesNotMatch(r.stderr, /validation/);
      // rotate validates the new secret too
      mock.setKey('openai', 'sk-proj-Next0123456789abcdefghijkl', 'ok');
      r = await runKeydeckHere(cli, ['rotate', 'OpenAI'], { input: 'sk-proj-Next0123456789abcdefghijkl' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /notice: validation: valid/);
      assert.equal(mock.requests.at(-1)?.headers.authorization, 'Bearer sk-proj-Next0123456789abcdefghijkl');
    } finally {
      await mock.close();
    }
  });
});
