/**
 * A torn catalog keeps its security state (issue 15 §9): cut catalog.json in half and the next command
 * rebuilds it from the recovery copy and the keychain. A revoked API key stays revoked, signing keys
 * still verify, a `retiring` version stays retiring, and tags, notes, base URLs, expiry and an empty
 * workspace come back. Without a recovery copy, the signing keys still come back from the keychain and
 * the command says what could not be restored.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { KeyringVault } from '../../electron/core/vault.js';
import type { CatalogData } from '../../shared/domain.js';
import { cliEnv, runKeydeck, type CliEnv } from '../harness/cli.js';

/** A command's time limit: generous, since a loaded machine runs each one for seconds. */
const SLOW = 120_000;
const last = (out: string) => out.trim().split('\n').at(-1)!;

function tear(home: string): void {
  const file = path.join(home, 'catalog.json');
  const bytes = fs.readFileSync(file);
  // In place, as an editor or a non-atomic writer would leave it.
  fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
}

describe('a torn catalog', () => {
  let cli: CliEnv;
  const tokens: { revoked: string; apikey: string; es256: string; rtHs256: string } = {
    revoked: '',
    apikey: '',
    es256: '',
    rtHs256: '',
  };
  const ok = async (args: string[], input?: string) => {
    const r = await runKeydeck(cli, args, { ...(input === undefined ? {} : { input }), timeoutMs: SLOW });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r;
  };

  before(async () => {
    cli = cliEnv();
    await ok(['add', 'RT', '--kind', 'realtime'], 'rt-key-id:rt-key-secret-0123456789');
    await ok(
      [
        ...['add', 'Tagged', '--kind', 'standard', '--provider', 'custom', '--tag', 'prod'],
        ...['--base-url', 'https://api.example.com', '--note', 'keep me', '--expires', '2031-01-01'],
      ],
      'kd-torn-v1-abcdefghijklmnop',
    );
    await ok(['rotate', 'Tagged'], 'kd-torn-v2-abcdefghijklmnop');
    await ok(['workspace', 'add', 'Empty']);
    tokens.revoked = last((await ok(['jwt', 'apikey', 'user_1'])).stdout);
    tokens.apikey = last((await ok(['jwt', 'apikey', 'user_2'])).stdout);
    await ok(['jwt', 'revoke', tokens.revoked, '--reason', 'leaked']);
    tokens.es256 = last((await ok(['jwt', 'mint', '--key', 'RT', '--alg', 'ES256'])).stdout);
    tokens.rtHs256 = last((await ok(['jwt', 'mint', '--key', 'RT', '--alg', 'HS256'])).stdout);
  });
  after(async () => {
    const vault = new KeyringVault(cli.service);
    for (const e of await vault.entries()) await vault.delete(e.account);
    fs.rmSync(cli.home, { recursive: true, force: true });
  });

  test('the next command rebuilds it from the recovery copy: revocations, signing keys, overlaps, metadata', async () => {
    const before = JSON.parse(fs.readFileSync(path.join(cli.home, 'catalog.json'), 'utf8')) as CatalogData;
    tear(cli.home);
    const first = await runKeydeck(cli, ['jwt', 'verify', tokens.revoked], { timeoutMs: SLOW });
    assert.notEqual(first.code, 0, 'a revoked API key verified after the rebuild');
    assert.match(first.stderr, /notice: .*recovery copy/);
    assert.match(first.stdout + first.stderr, /revoked/i);
    for (const token of [tokens.apikey, tokens.es256, tokens.rtHs256]) await ok(['jwt', 'verify', token]);

    const data = JSON.parse(fs.readFileSync(path.join(cli.home, 'catalog.json'), 'utf8')) as CatalogData;
    assert.deepEqual(
      data.workspaces.map((w) => [w.id, w.name]),
      before.workspaces.map((w) => [w.id, w.name]),
    );
    assert.deepEqual(data.revocations, before.revocations);
    assert.deepEqual(data.signingKeys, before.signingKeys);
    const tagged = data.credentials.find((c) => c.name === 'Tagged')!;
    const was = before.credentials.find((c) => c.name === 'Tagged')!;
    assert.deepEqual(tagged.tags, ['prod']);
    assert.equal(tagged.note, 'keep me');
    assert.equal(tagged.baseUrl, 'https://api.example.com');
    assert.equal(tagged.expiresAt, was.expiresAt);
    assert.deepEqual(tagged.versions, was.versions);
    assert.deepEqual(
      tagged.versions.map((v) => v.status),
      ['retiring', 'active'],
    );
    // The damaged file was kept aside, not lost.
    assert.ok(fs.readdirSync(cli.home).some((f) => /^catalog\.corrupt-.*\.json$/.test(f)));
  });

  test('without a recovery copy, signing keys come back from the keychain and the loss is reported', async () => {
    tear(cli.home);
    fs.rmSync(path.join(cli.home, 'catalog.recovery.json'));
    const r = await runKeydeck(cli, ['jwt', 'verify', tokens.es256], { timeoutMs: SLOW });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /notice: .*could not be restored: revocations/);
    await ok(['jwt', 'verify', tokens.apikey]);
    const list = JSON.parse((await ok(['list', '--json'])).stdout) as { name: string }[];
    assert.deepEqual(list.map((c) => c.name).sort(), ['RT', 'Tagged']);
    // The rebuilt catalog has its own recovery copy again.
    assert.ok(fs.existsSync(path.join(cli.home, 'catalog.recovery.json')));
  });
});
