/**
 * One overwrite rule: `keydeck export -o FILE` and the app's `backup:export` give the same answer for
 * the same target (both fronts run in process here: the CLI's `runCli` and main's handler).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { runCli } from '../../electron/cli/main.js';
import type { CliIO } from '../../electron/cli/io.js';
import { backupHandlers } from '../../electron/main/handlers/backup.js';
import type { ClipboardGuard } from '../../electron/main/clipboard-guard.js';
import { KeydeckError } from '../../shared/errors.js';
import { makeTestCore, type TestCore } from '../harness/core.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write: (c, _e, cb) => {
      text += String(c);
      cb();
    },
  });
  return { stream, text: () => text };
}

/** The CLI's answer: exit code and the error code it printed (or OK). */
async function cli(core: TestCore, args: string[]): Promise<string> {
  const out = sink();
  const err = sink();
  const io = {
    stdin: Readable.from([]) as unknown as NodeJS.ReadStream,
    stdout: out.stream,
    stderr: err.stream,
    env: {},
  } satisfies CliIO;
  const code = await runCli(args, io, () => core);
  return code === 0 ? 'OK' : (/error\[([A-Z_]+)\]/.exec(err.text())?.[1] ?? `exit ${code}`);
}

/** The app's answer: OK or the error code. */
async function app(
  core: TestCore,
  req: { output: string; recipients: string[]; overwrite?: boolean },
): Promise<string> {
  const h = backupHandlers({ core, clipboard: {} as ClipboardGuard, version: 'test' });
  try {
    await h['backup:export'](req);
    return 'OK';
  } catch (err) {
    if (err instanceof KeydeckError) return err.code;
    throw err;
  }
}

test('export over an existing file, a folder, a missing folder: the CLI and the app answer the same', async () => {
  const core = makeTestCore();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-fronts-'));
  try {
    await core.credentials.create({ name: 'x', kind: 'standard', provider: 'custom' }, 'tok_frontsSECRET0123456789');
    const recipient = await identityToRecipient(await generateX25519Identity());
    const cases: { what: string; file: string; force: boolean; want: string }[] = [
      { what: 'existing file', file: path.join(dir, 'old.age'), force: false, want: 'FILE_EXISTS' },
      { what: 'existing file, confirmed', file: path.join(dir, 'old.age'), force: true, want: 'OK' },
      { what: 'new file', file: path.join(dir, 'new.age'), force: false, want: 'OK' },
      { what: 'a folder', file: path.join(dir, 'sub'), force: true, want: 'INVALID_INPUT' },
      { what: 'missing folder', file: path.join(dir, 'nope', 'b.age'), force: false, want: 'PATH_NOT_FOUND' },
    ];
    fs.mkdirSync(path.join(dir, 'sub'));
    for (const c of cases) {
      const answers: string[] = [];
      for (const front of ['cli', 'app'] as const) {
        fs.rmSync(path.join(dir, 'new.age'), { force: true });
        fs.writeFileSync(path.join(dir, 'old.age'), 'keep me');
        answers.push(
          front === 'cli'
            ? await cli(core, ['export', '--recipient', recipient, '-o', c.file, ...(c.force ? ['--force'] : [])])
            : await app(core, { output: c.file, recipients: [recipient], overwrite: c.force }),
        );
        const old = fs.readFileSync(path.join(dir, 'old.age'), 'utf8');
        if (c.want === 'FILE_EXISTS') assert.equal(old, 'keep me', `${front}: a refused export leaves the file`);
        if (c.want === 'OK' && c.force) assert.notEqual(old, 'keep me', `${front}: a confirmed export replaces it`);
      }
      assert.deepEqual(answers, [c.want, c.want], c.what);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await core.cleanup();
  }
});
