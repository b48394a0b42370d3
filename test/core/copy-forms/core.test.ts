/**
 * Through core, on a throwaway keyring (run inside scripts/with-keyring.sh): the visible-ASCII rule at
 * add and rotate, a header:NAME scheme chosen at add, and `exec`'s Vertex hand-off (access token, and a
 * 0600 key file only when asked, removed afterwards).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { resolveExecEnv, GOOGLE_ADC_ENV } from '../../../electron/core/exec/index.js';
import { clearTokenCache } from '../../../electron/core/google-token.js';
import { keychainAccounts, makeTestCore } from '../../harness/core.js';
import { startStandIn, type StandIn } from '../../harness/recording-server.js';
import { testServiceAccount } from './service-account.js';

const stands: StandIn[] = [];
after(() => Promise.all(stands.map((s) => s.close())));

const HEADER_UNSAFE = ['sk-proj-abcdé0123456789abcdefghijklmnopqrstuv', 'sk-proj-’quote’0123456789abcdefghijklmnop'];

test('a secret an HTTP header cannot carry is refused at add and at rotate, and nothing is written', async () => {
  const core = makeTestCore();
  try {
    for (const bad of HEADER_UNSAFE) {
      await assert.rejects(
        core.credentials.create({ name: 'bad', kind: 'byok', provider: 'openai' }, bad),
        (e: Error) => {
          assert.equal((e as { code?: string }).code, 'INVALID_SECRET');
          assert.match(
            e.message,
            /cannot be sent in an HTTP header: character (13|9) is not visible ASCII.*Nothing was saved/,
          );
          assert.ok(!e.message.includes(bad));
          return true;
        },
      );
    }
    assert.deepEqual(core.credentials.list(), []);
    assert.deepEqual(await keychainAccounts(core), []);

    const good = 'sk-proj-' + 'a'.repeat(48);
    await core.credentials.create({ name: 'ok', kind: 'byok', provider: 'openai' }, good);
    const before = await keychainAccounts(core);
    await assert.rejects(core.credentials.rotate('ok', HEADER_UNSAFE[0]!), { code: 'INVALID_SECRET' });
    assert.deepEqual(await keychainAccounts(core), before);
    assert.equal(core.credentials.get('ok').versions.length, 1);
    assert.equal((await core.credentials.format('ok', 'raw')).text, good);
  } finally {
    await core.cleanup();
  }
});

test('a header:NAME scheme chosen at add drives header, headers and curl', async () => {
  const core = makeTestCore();
  try {
    await core.credentials.create(
      {
        name: 'svc',
        kind: 'standard',
        provider: 'custom',
        authScheme: 'header:X-Service-Key',
        baseUrl: 'https://svc.example.com',
      },
      'svc_0123456789abcdef',
    );
    assert.equal((await core.credentials.format('svc', 'header')).text, 'X-Service-Key: svc_0123456789abcdef');
    assert.match((await core.credentials.format('svc', 'curl')).text, /-H 'X-Service-Key: svc_0123456789abcdef'/);
    await assert.rejects(
      core.credentials.create({ name: 'x', kind: 'standard', provider: 'custom', authScheme: 'header:bad name' }, 'k'),
      { code: 'INVALID_INPUT' },
    );
  } finally {
    await core.cleanup();
  }
});

test('exec hands a Vertex child a minted token, and a 0600 key file only when asked, removed afterwards', async () => {
  clearTokenCache();
  const sa = { json: '', publicKey: '' };
  const s = await startStandIn({
    get tokenKey() {
      return sa.publicKey;
    },
  });
  stands.push(s);
  Object.assign(sa, testServiceAccount(`${s.url}/token`));
  const core = makeTestCore();
  try {
    await core.credentials.create({ name: 'vertex', kind: 'byok', provider: 'google-vertex' }, sa.json);
    const plain = await resolveExecEnv(core.credentials, { trust: core.trust, names: ['vertex'] });
    assert.equal(plain.env.GOOGLE_VERTEX_ACCESS_TOKEN, s.issued[0]);
    assert.equal(plain.env[GOOGLE_ADC_ENV], undefined, 'no key file unless asked');
    assert.ok(
      plain.secrets.some((x) => x.value === s.issued[0]),
      'the token is masked too',
    );
    plain.cleanup();

    const withFile = await resolveExecEnv(core.credentials, {
      trust: core.trust,
      names: ['vertex'],
      googleCredentialsFile: true,
    });
    const file = withFile.env[GOOGLE_ADC_ENV]!;
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).client_email, JSON.parse(sa.json).client_email);
    assert.equal(s.issued.length, 1, 'the cached token is reused');
    withFile.cleanup();
    assert.equal(fs.existsSync(file), false);
  } finally {
    await core.cleanup();
  }
});
