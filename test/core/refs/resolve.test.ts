import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestCore } from '../../harness/core.js';
import { KeydeckError } from '../../../shared/errors.js';

const OPENAI = 'sk-proj-abcdefghijklmnop0123456789';
const PROD = 'sk-proj-PRODUCTIONKEY0123456789xyz';

test('resolveReferences: every field, workspaces, one recorded read per credential', async () => {
  const core = makeTestCore();
  try {
    await core.credentials.create({ name: 'OpenAI', kind: 'byok', provider: 'openai' }, OPENAI);
    await core.credentials.create({ name: 'inworld', kind: 'standard' }, 'myKeyId:mySecretPart1234567890');
    await core.workspaces.add('Prod');
    await core.credentials.create({ name: 'OpenAI', kind: 'byok', provider: 'openai', workspace: 'Prod' }, PROD);
    const { resolveReferences } = await core.load.refs();
    const ws = core.workspaces.active().name;
    const res = await resolveReferences(core.credentials, [
      { where: 'A', ref: 'keydeck://OpenAI' },
      { where: 'B', ref: 'keydeck://OpenAI/header' },
      { where: 'C', ref: 'keydeck://OpenAI/base_url' },
      { where: 'D', ref: 'keydeck://OpenAI/env_var' },
      { where: 'E', ref: 'keydeck://inworld/key_id' },
      { where: 'F', ref: 'keydeck://inworld/key_secret' },
      { where: 'G', ref: 'keydeck://Prod/OpenAI' },
      { where: 'H', ref: `keydeck://${encodeURIComponent(ws)}/OpenAI/secret` },
    ]);
    assert.deepEqual(res.values, [
      OPENAI,
      `Bearer ${OPENAI}`,
      'https://api.openai.com/v1',
      'OPENAI_API_KEY',
      'myKeyId',
      'mySecretPart1234567890',
      PROD,
      OPENAI,
    ]);
    const masked = res.secrets.map((s) => s.value);
    for (const v of [OPENAI, PROD, 'mySecretPart1234567890', `Bearer ${OPENAI}`]) assert.ok(masked.includes(v), v);
    assert.ok(!masked.includes('https://api.openai.com/v1') && !masked.includes('OPENAI_API_KEY'));
    // One read each: OpenAI (named two ways), inworld, Prod/OpenAI.
    const reads = core.credentials.useLogEntries().filter((e) => e.action === 'read');
    assert.equal(reads.length, 3, JSON.stringify(reads));
    assert.equal(res.credentials.length, 3);
  } finally {
    await core.cleanup();
  }
});

test('resolveReferences is all or nothing: every failure named with its place and reference; no secret read', async () => {
  const core = makeTestCore();
  try {
    await core.credentials.create({ name: 'OpenAI', kind: 'byok', provider: 'openai' }, OPENAI);
    const { resolveReferences } = await core.load.refs();
    const good = Array.from({ length: 9 }, (_, i) => ({ where: `GOOD_${i}`, ref: 'keydeck://OpenAI' }));
    const bad = [
      { where: 'UNKNOWN_CRED (line 3)', ref: 'keydeck://Nope' },
      { where: 'UNKNOWN_WS (line 4)', ref: 'keydeck://Staging/OpenAI' },
      { where: 'UNKNOWN_FIELD (line 5)', ref: 'keydeck://W/OpenAI/password' },
      { where: 'MALFORMED (line 6)', ref: 'keydeck://a//b' },
      { where: 'NOT_BASIC (line 7)', ref: 'keydeck://OpenAI/key_id' },
    ];
    for (const one of bad) {
      await assert.rejects(resolveReferences(core.credentials, [...good, one]), (e: unknown) => {
        assert.ok(e instanceof KeydeckError);
        assert.equal(e.code, 'UNRESOLVED_REFERENCE');
        assert.match(e.message, /^A reference could not be resolved, so nothing was used:/);
        assert.ok(e.message.includes(`${one.where} (${one.ref}): `), e.message);
        assert.ok(!e.message.includes(OPENAI));
        return true;
      });
    }
    await assert.rejects(resolveReferences(core.credentials, [...good, ...bad]), /5 references could not be resolved/);
    assert.equal(core.credentials.useLogEntries().length, 0, 'no secret was read');
  } finally {
    await core.cleanup();
  }
});
