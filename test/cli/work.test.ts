/**
 * Keys at work: exec, scan, copy, export/import. Most cases run `runCli` in this process
 * (runKeydeckHere); the real binary runs where the process is the thing tested: exec's stdin, argv,
 * exit status, signals and closed pipes, a working directory's .keydeck file, the pre-commit hook that
 * git runs, and a passphrase piped to a real process's stdin at the default work factor.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { CLEARER_MARK, onPath, sha256 } from '../../electron/core/clipboard-cli.js';
import { BIN, cliEnv, dropCliEnv, runKeydeck, runKeydeckHere, type CliEnv } from '../harness/cli.js';
import { createCore } from '../../electron/core/index.js';
import { waitFor } from '../harness/wait.js';
import { skipUnless } from '../harness/tools.js';

const KEY = 'sk-live-W0rkKey0123456789abcdefghij';
const KEY2 = 'sk-live-W0rkKeyOLD23456789abcdefghij';
const GROQ = 'gsk_w0rkGroq0123456789abcdefghijklmn';

describe('keydeck exec, scan, copy, export and import', () => {
  let cli: CliEnv;
  let tmp: string;
  before(async () => {
    cli = cliEnv();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-work-'));
    let r = await runKeydeckHere(cli, ['add', 'openai', '--kind', 'byok', '--provider', 'openai'], { input: KEY2 });
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeckHere(cli, ['rotate', 'openai'], { input: KEY });
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeckHere(cli, ['add', 'groq', '--kind', 'byok', '--provider', 'groq'], { input: GROQ });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await dropCliEnv(cli);
  });

  // ---- exec ----

  test('exec injects key and base URL, masks the secret, passes stdin and the exit code', async () => {
    const r = await runKeydeck(
      cli,
      [
        'exec',
        '--cred',
        'openai',
        '--',
        'sh',
        '-c',
        'echo "k=$OPENAI_API_KEY u=$OPENAI_BASE_URL"; cat; echo oops >&2; exit 42',
      ],
      { input: 'from stdin\n' },
    );
    assert.equal(r.code, 42);
    assert.equal(r.stdout, 'k=[masked:openai] u=https://api.openai.com/v1\nfrom stdin\n');
    assert.equal(r.stderr, 'oops\n');
  });

  test('exec --no-mask shows the value; the secret is never in the parent argv', async () => {
    const r = await runKeydeck(cli, [
      'exec',
      '--no-mask',
      '--cred=openai',
      '--',
      'sh',
      '-c',
      'echo "$OPENAI_API_KEY"; tr "\\0" " " < /proc/$PPID/cmdline',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [value, parentArgv] = r.stdout.split('\n');
    assert.equal(value, KEY);
    assert.match(parentArgv!, /keydeck\.js exec --no-mask --cred=openai -- sh -c/);
    assert.ok(!parentArgv!.includes(KEY));
  });

  test('exec reads credential names from an allowed .keydeck file in a parent folder of the repository', async () => {
    const proj = fs.mkdtempSync(path.join(tmp, 'proj-'));
    fs.mkdirSync(path.join(proj, 'src'));
    fs.mkdirSync(path.join(proj, '.git'));
    fs.writeFileSync(path.join(proj, '.keydeck'), JSON.stringify({ credentials: ['openai', 'groq'] }));
    const allowed = await runKeydeckHere(cli, ['allow', path.join(proj, '.keydeck'), '--yes']);
    assert.equal(allowed.code, 0, allowed.stderr);
    const r = await runKeydeck(cli, ['exec', '--', 'sh', '-c', 'echo "$OPENAI_API_KEY $GROQ_API_KEY"'], {
      cwd: path.join(proj, 'src'),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '[masked:openai] [masked:groq]\n');
  });

  test('exec bad input: no command (2), unknown credential (1), no credentials named (1), missing program (1)', async () => {
    let r = await runKeydeckHere(cli, ['exec', '--cred', 'openai']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error\[USAGE\]: no command given/);
    r = await runKeydeckHere(cli, ['exec', '--cred', 'openai', '--']);
    assert.equal(r.code, 2);
    r = await runKeydeckHere(cli, ['exec', '--cred', 'nope', '--', 'true']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[CREDENTIAL_NOT_FOUND\]: No credential named "nope"/);
    r = await runKeydeck(cli, ['exec', '--', 'true'], { cwd: tmp });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--cred NAME, or list them in a \.keydeck file/);
    r = await runKeydeckHere(cli, ['exec', '--cred', 'openai', '--', 'no-such-program-xyz']);
    assert.equal(r.code, 127);
    assert.match(r.stderr, /error\[COMMAND_NOT_FOUND\]/);
    r = await runKeydeckHere(cli, ['exec', '--bogus', '--', 'true']);
    assert.equal(r.code, 2);
  });

  test('exec: a child killed by a signal is reported and the exit code is 128+n', async () => {
    const r = await runKeydeck(cli, ['exec', '--cred', 'openai', '--', 'sh', '-c', 'kill -TERM $$']);
    assert.equal(r.code, 128 + 15);
    assert.match(r.stderr, /sh was killed by SIGTERM/);
  });

  test('exec forwards a signal sent to keydeck to the child', async () => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'exec',
        '--cred',
        'openai',
        '--',
        process.execPath,
        '-e',
        'console.log("ready"); setInterval(() => {}, 1000)',
      ],
      { env: cli.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('ready')) resolve();
      }),
    );
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 128 + 2);
    assert.match(err, /was killed by SIGINT/);
  });

  test('exec into a pipe that closes early (| head) ends cleanly, like a shell would', async () => {
    const r = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${BIN}" exec --cred openai -- sh -c 'while :; do echo "$OPENAI_API_KEY"; done' | head -n 2`,
      ],
      { env: cli.env, timeout: 120_000 }, // only a hung run meets it
    );
    assert.equal(r.status, 0);
    assert.equal(r.stdout.toString(), '[masked:openai]\n[masked:openai]\n');
    assert.doesNotMatch(r.stderr.toString(), /INTERNAL|at .*\.js:\d+/);
  });

  // ---- scan ----

  test('scan exits 1 on findings (retired versions and base64 too), prints the hook hint, never the secret', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'scan-'));
    fs.writeFileSync(path.join(dir, '.env'), `OPENAI_API_KEY=${KEY2}\n`);
    fs.writeFileSync(
      path.join(dir, 'h.txt'),
      `x\ny\nAuthorization: Basic ${Buffer.from(`u:${GROQ}`).toString('base64')}\n`,
    );
    let r = await runKeydeckHere(cli, ['scan', dir]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^\.env:1: "openai" v1 \(retiring\) sha256:[0-9a-f]{16}$/m);
    assert.match(r.stdout, /^h\.txt:3: "groq" v1 \(active\) sha256:[0-9a-f]{16} \(base64-encoded\)$/m);
    assert.match(r.stderr, /keydeck scan --hook > \.git\/hooks\/pre-commit/);
    for (const s of [KEY, KEY2, GROQ]) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s));
    r = await runKeydeckHere(cli, ['scan', dir, '--json']);
    assert.equal(r.code, 1);
    const rep = JSON.parse(r.stdout) as { findings: { file: string; credential: string }[] };
    assert.deepEqual(rep.findings.map((f) => f.file).sort(), ['.env', 'h.txt']);
    fs.rmSync(path.join(dir, '.env'));
    fs.rmSync(path.join(dir, 'h.txt'));
    fs.writeFileSync(path.join(dir, 'clean.txt'), 'nothing\n');
    r = await runKeydeckHere(cli, ['scan', dir]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /No stored secret found/);
  });

  test('scan bad input: missing path, no PATH, --git outside a repo; --hook prints a hook', async () => {
    let r = await runKeydeckHere(cli, ['scan', path.join(tmp, 'nope')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[PATH_NOT_FOUND\]/);
    r = await runKeydeckHere(cli, ['scan']);
    assert.equal(r.code, 2);
    r = await runKeydeckHere(cli, ['scan', tmp, '--git']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[NOT_A_GIT_REPO\]/);
    r = await runKeydeckHere(cli, ['scan', '--hook']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^#!\/usr\/bin\/env bash\n/);
    assert.match(r.stdout, /exec keydeck scan/);
  });

  test('scan --git finds a key committed then deleted; the installed pre-commit hook blocks a new leak', async () => {
    const repo = fs.mkdtempSync(path.join(tmp, 'repo-'));
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    };
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, env }).toString().trim();
    git('init', '-q');
    fs.writeFileSync(path.join(repo, 'config.js'), `const key = '${KEY}';\n`);
    git('add', '.');
    git('commit', '-qm', 'oops');
    const sha = git('rev-parse', 'HEAD');
    fs.writeFileSync(path.join(repo, 'config.js'), `const key = process.env.OPENAI_API_KEY;\n`);
    git('commit', '-qam', 'fix');
    let r = await runKeydeckHere(cli, ['scan', repo]);
    assert.equal(r.code, 0, r.stdout);
    r = await runKeydeckHere(cli, ['scan', repo, '--git']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, `${sha.slice(0, 12)}:config.js:1: "openai" v2 (active) ${fingerprintOf(r.stdout)}\n`);

    // Install the hook it prints, with `keydeck` on PATH, and try to commit a leak.
    const hook = (await runKeydeckHere(cli, ['scan', '--hook'])).stdout;
    fs.writeFileSync(path.join(repo, '.git', 'hooks', 'pre-commit'), hook, { mode: 0o755 });
    const binDir = fs.mkdtempSync(path.join(tmp, 'bin-'));
    fs.writeFileSync(path.join(binDir, 'keydeck'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {
      mode: 0o755,
    });
    const hookEnv = { ...env, ...cli.env, PATH: `${binDir}:${process.env.PATH}` };
    fs.writeFileSync(path.join(repo, 'leak.txt'), `token ${GROQ}\n`);
    execFileSync('git', ['add', 'leak.txt'], { cwd: repo, env: hookEnv });
    assert.throws(() => execFileSync('git', ['commit', '-qm', 'leak'], { cwd: repo, env: hookEnv, stdio: 'pipe' }));
    fs.writeFileSync(path.join(repo, 'leak.txt'), 'token from env\n');
    execFileSync('git', ['add', 'leak.txt'], { cwd: repo, env: hookEnv });
    execFileSync('git', ['commit', '-qm', 'clean'], { cwd: repo, env: hookEnv, stdio: 'pipe' });
  });

  // ---- copy ----

  test('copy with no clipboard tool fails clearly (exit 1) and names what to install', async () => {
    const r = await runKeydeckHere(cli, ['copy', 'openai'], {
      env: { PATH: fs.mkdtempSync(path.join(tmp, 'empty-')) },
    });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /error\[CLIPBOARD_UNAVAILABLE\]: No clipboard tool was found on PATH\. Install one: wl-clipboard .*xclip or xsel/,
    );
    const xclip = onPath('xclip');
    if (xclip) {
      // A tool but no display: say so rather than hang or fail obscurely.
      const noX = await runKeydeckHere(cli, ['copy', 'openai'], {
        env: { PATH: path.dirname(xclip), DISPLAY: '', WAYLAND_DISPLAY: '' },
      });
      assert.equal(noX.code, 1);
      assert.match(noX.stderr, /error\[CLIPBOARD_UNAVAILABLE\]: Found xclip.* but no .*DISPLAY/);
    }
    const bad = await runKeydeckHere(cli, ['copy', 'openai', '--as', 'yaml']);
    assert.equal(bad.code, 2);
  });

  const haveX = !!onPath('xclip') && !!onPath('Xvfb');
  test(
    'copy puts the value on a real X clipboard and clears it later only if unchanged',
    { skip: skipUnless(haveX, 'xclip and Xvfb (apt-get install xclip xvfb)') },
    async () => {
      const core = createCore({ home: cli.home, service: cli.service });
      await core.settings.update({ clipboardClearSeconds: 5 }); // the shortest the settings allow
      const displays: ChildProcess[] = [];
      const startX = async (n: number) => {
        const x = spawn('Xvfb', [`:${n}`, '-nolisten', 'tcp'], { stdio: 'ignore' });
        displays.push(x);
        await waitFor(`Xvfb :${n}`, () => fs.existsSync(`/tmp/.X11-unix/X${n}`));
        return { ...process.env, DISPLAY: `:${n}` };
      };
      /** The detached clipboard clearers of this test's home, with their argv and environment. */
      const clearerPids = () =>
        fs
          .readdirSync('/proc')
          .filter((p) => /^\d+$/.test(p))
          .flatMap((pid) => {
            try {
              const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
              const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
              return environ.includes(`KEYDECK_HOME=${cli.home}`) && cmdline.includes(CLEARER_MARK)
                ? [{ cmdline, environ }]
                : [];
            } catch {
              return [];
            }
          });
      const paste = (env: NodeJS.ProcessEnv) =>
        execFileSync('xclip', ['-selection', 'clipboard', '-out'], { env, timeout: 3000 }).toString();
      try {
        const base = 90 + (process.pid % 100);
        const [a, b] = await Promise.all([startX(base), startX(base + 1)]);
        let r = await runKeydeckHere(cli, ['copy', 'openai'], { env: a });
        assert.equal(r.code, 0, r.stderr);
        // The terminal is free at once: the command has returned while its detached clearer still waits.
        assert.match(r.stderr, /Copied "openai" \(raw\) with xclip; the clipboard clears in 5 s/);
        assert.equal(paste(a), KEY);
        // The detached clearer got a hash of the value over stdin: neither the value nor its hash is in
        // its argv or environment (/proc/<pid>/cmdline, /proc/<pid>/environ).
        const clearers = clearerPids();
        assert.equal(clearers.length, 1);
        for (const leak of [KEY, sha256(KEY)]) {
          assert.ok(!clearers[0]!.cmdline.includes(leak) && !clearers[0]!.environ.includes(leak));
        }
        r = await runKeydeckHere(cli, ['copy', 'openai', '--as', 'header'], { env: b });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(paste(b), `Authorization: Bearer ${KEY}`);
        // On display b the user copies something else before the delay ends: it must survive.
        // xclip stays behind to serve the selection: it must not hold a pipe of ours.
        execFileSync('sh', ['-c', 'printf "user text" | xclip -selection clipboard -in'], {
          env: b,
          stdio: 'ignore',
          timeout: 5000,
        });
        // The clearers exit after their delay: wait for that, not for a fixed time.
        await waitFor('the clipboard clearers to finish', () => !clearerPids().length, { timeoutMs: 20_000 });
        assert.equal(paste(a), '');
        assert.equal(paste(b), 'user text');
      } finally {
        for (const x of displays) x.kill();
      }
    },
  );

  // ---- export / import ----

  test('export to a passphrase (stdin) and import elsewhere; wrong passphrase and non-age file fail cleanly', async () => {
    // The real binary, the passphrase piped to its stdin, at the default work factor.
    const file = path.join(tmp, 'all.age');
    let r = await runKeydeck(cli, ['export', '--passphrase', '-o', file], { input: 'tr0ub4dor&3\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Exported 2 credential\(s\), 3 secret version\(s\), 1 workspace\(s\)/);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(0, 22).toString(), 'age-encryption.org/v1\n');
    assert.match(bytes.subarray(0, 200).toString('latin1'), /^-> scrypt \S+ 18$/m, 'the default work factor');

    const other = cliEnv();
    try {
      // The wrong passphrase on a copy written in process (the same format, at a low work factor).
      const quick = path.join(tmp, 'quick.age');
      r = await runKeydeckHere(cli, ['export', '--passphrase', '-o', quick], { input: 'tr0ub4dor&3\n' });
      assert.equal(r.code, 0, r.stderr);
      r = await runKeydeckHere(other, ['import', quick], { input: 'wrong\n' });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /error\[BACKUP_WRONG_KEY\]: Wrong passphrase/);
      r = await runKeydeckHere(other, ['list', '--json']);
      assert.deepEqual(JSON.parse(r.stdout), []);
      r = await runKeydeckHere(other, ['import', file], { input: 'tr0ub4dor&3\n' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^added: openai$/m);
      assert.match(r.stderr, /2 added, 0 updated, 0 skipped\./);
      r = await runKeydeckHere(other, ['header', 'openai']);
      assert.equal(r.stdout, `Authorization: Bearer ${KEY}\n`);
    } finally {
      await dropCliEnv(other);
    }
    const notAge = path.join(tmp, 'plain.json');
    fs.writeFileSync(notAge, '{"credentials": []}');
    r = await runKeydeckHere(cli, ['import', notAge], { input: 'x\n' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[BACKUP_NOT_AGE\]/);
    r = await runKeydeckHere(cli, ['import', path.join(tmp, 'missing.age')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[PATH_NOT_FOUND\]/);
    r = await runKeydeckHere(cli, ['export', '-o', file]);
    assert.equal(r.code, 2);
  });

  test('export to an age recipient; import needs --identity; a changed credential is skipped without --yes', async () => {
    const identity = await generateX25519Identity();
    const idFile = path.join(tmp, 'me.key');
    fs.writeFileSync(idFile, `# created: test\n${identity}\n`, { mode: 0o600 });
    const file = path.join(tmp, 'r.age');
    let r = await runKeydeckHere(cli, ['export', '--recipient', await identityToRecipient(identity), '-o', file]);
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeckHere(cli, ['import', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--identity/);
    r = await runKeydeckHere(cli, ['export', '--recipient', 'not-a-key', '-o', file + '2']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[INVALID_INPUT\]: Not an age recipient/);

    // Change the credential here, then import the older backup over it.
    const core = createCore({ home: cli.home, service: cli.service });
    await core.credentials.update('groq', { note: 'newer here' });
    r = await runKeydeckHere(cli, ['import', file, '--identity', idFile]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /skipped: groq \(exists; not overwritten\)/);
    assert.match(r.stderr, /skipped: openai \(unchanged\)/);
    r = await runKeydeckHere(cli, ['import', file, '--identity', idFile, '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /updated: groq/);
    assert.equal(createCore({ home: cli.home, service: cli.service }).credentials.get('groq').note, '');
  });
});

describe('keydeck export and import: JWT signing keys and revocations', () => {
  test('a token minted before and a revoked API key behave the same after import on another machine', async () => {
    const src = cliEnv();
    const dst = cliEnv();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-jwt-backup-'));
    const last = (s: string) => s.trim().split('\n').at(-1)!;
    try {
      let r = await runKeydeckHere(src, ['add', 'rt', '--kind', 'realtime'], { input: 'rtkey:backup-secret-01' });
      assert.equal(r.code, 0, r.stderr);
      r = await runKeydeckHere(src, ['jwt', 'mint', '--key', 'rt', '--alg', 'EdDSA']);
      assert.equal(r.code, 0, r.stderr);
      const token = last(r.stdout);
      r = await runKeydeckHere(src, ['jwt', 'apikey', 'user_7']);
      const apiKey = last(r.stdout);
      r = await runKeydeckHere(src, ['jwt', 'revoke', '-', '--reason', 'lost laptop'], { input: apiKey });
      assert.equal(r.code, 0, r.stderr);

      const file = path.join(tmp, 'jwt.age');
      r = await runKeydeckHere(src, ['export', '--passphrase', '-o', file], { input: 'pw-jwt\n' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /With 2 JWT signing key\(s\) and 1 revocation\(s\)\./);

      r = await runKeydeckHere(dst, ['jwt', 'verify', token]);
      assert.equal(r.code, 1, 'not verifiable before the import');
      // Signing keys and revocations are listed, not merged, until confirmed separately.
      r = await runKeydeckHere(dst, ['import', file], { input: 'pw-jwt\n' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^signing key NOT imported: eddsa-/m);
      assert.match(r.stderr, /--accept-signing-keys/);
      r = await runKeydeckHere(dst, ['jwt', 'verify', token]);
      assert.equal(r.code, 1, 'not verifiable before the signing keys are accepted');
      r = await runKeydeckHere(dst, ['import', file, '--accept-signing-keys'], { input: 'pw-jwt\n' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^signing key added: eddsa-/m);
      assert.match(r.stderr, /^signing key added: hs256-/m);
      assert.match(r.stderr, /^revocations added: 1$/m);
      r = await runKeydeckHere(dst, ['jwt', 'verify', token]);
      assert.equal(r.code, 0, r.stderr);
      r = await runKeydeckHere(dst, ['jwt', 'verify', '-'], { input: apiKey });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error\[JWT_REVOKED\]/m);

      r = await runKeydeckHere(dst, ['import', file, '--accept-signing-keys'], { input: 'pw-jwt\n' });
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /signing key|revocations added/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      await dropCliEnv(src);
      await dropCliEnv(dst);
    }
  });
});

function fingerprintOf(line: string): string {
  return /sha256:[0-9a-f]{16}/.exec(line)?.[0] ?? 'no fingerprint';
}
