import { after, before, beforeEach, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ProviderId } from '../../../shared/providers.js';
import {
  routerCheckCredential,
  validateAll,
  validateCredential,
  validateOnSave,
} from '../../../electron/core/validation/index.js';
import { makeTestCore, type TestCore } from '../../harness/core.js';
import { startMockProvider, type MockMode, type MockProvider } from '../../harness/mock-provider.js';

let mock: MockProvider;
let core: TestCore;
before(async () => {
  mock = await startMockProvider();
});
after(() => mock.close());
beforeEach(() => {
  core = makeTestCore();
  mock.latencyMs = 0;
});
afterEach(() => core.cleanup());

let n = 0;
/** Stores a credential whose base URL is the mock, with a key the mock treats as `mode`. */
async function add(provider: ProviderId, mode: MockMode, opts: { kind?: 'standard' | 'byok'; baseUrl?: string } = {}) {
  n++;
  const secret =
    provider === 'inworld'
      ? Buffer.from(`iw${n}:secret${n}abcdef`).toString('base64')
      : `sk-svc${n}-${'K8'.repeat(20)}`;
  mock.setKey(provider, secret, mode);
  const { credential } = await core.credentials.create(
    {
      name: `${provider}-${n}`,
      kind: opts.kind ?? (provider === 'inworld' || provider === 'custom' ? 'standard' : 'byok'),
      provider,
      baseUrl: opts.baseUrl ?? mock.baseUrl(provider),
    },
    secret,
  );
  return { credential, secret };
}

function catalogText(): string {
  const dir = core.home;
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

describe('validate a stored credential', () => {
  test('the result and its time are stored in the metadata; the key is not', async () => {
    const { credential, secret } = await add('openai', 'invalid');
    const { result } = await validateCredential(core, credential.name);
    assert.equal(result.status, 'invalid');
    const stored = core.credentials.get(credential.name).validation!;
    assert.deepEqual(stored, result);
    assert.match(stored.detail!, /\[redacted\]/);
    const text = catalogText();
    assert.match(text, /"status": ?"invalid"/);
    assert.ok(!text.includes(secret), 'the catalog never holds the key');
  });

  test('the global base URL override applies to every credential; a per-call override beats it', async () => {
    const { credential } = await add('openai', 'ok', { baseUrl: 'http://no-such-host.invalid/v1' });
    assert.equal((await validateCredential(core, credential.name, { timeoutMs: 3000 })).result.status, 'unreachable');
    await core.settings.update({ globalBaseUrl: mock.baseUrl('openai') });
    assert.equal((await validateCredential(core, credential.name)).result.status, 'valid');
    const r = await validateCredential(core, credential.name, {
      baseUrl: 'http://other-host.invalid/v1',
      timeoutMs: 3000,
    });
    assert.equal(r.result.status, 'unreachable');
  });

  test('the timeout comes from the settings unless given', async () => {
    const { credential } = await add('openai', 'hang');
    await core.settings.update({ validationTimeoutSeconds: 1 });
    const t = Date.now();
    assert.equal((await validateCredential(core, credential.name)).result.status, 'timeout');
    assert.ok(Date.now() - t >= 900);
    assert.equal((await validateCredential(core, credential.name, { timeoutMs: 200 })).result.status, 'timeout');
    await assert.rejects(validateCredential(core, credential.name, { timeoutMs: -1 }), { code: 'INVALID_INPUT' });
  });

  test('validate on save follows the setting (on by default)', async () => {
    const { credential } = await add('groq', 'rate_limited');
    const r = await validateOnSave(core, credential);
    assert.equal(r?.status, 'rate_limited');
    assert.equal(core.credentials.get(credential.name).validation?.status, 'rate_limited');
    await core.settings.update({ validateOnSave: false });
    const count = mock.requests.length;
    const { credential: other } = await add('xai', 'ok');
    assert.equal(await validateOnSave(core, other), undefined);
    assert.equal(mock.requests.length, count);
    assert.equal(core.credentials.get(other.name).validation, undefined);
  });
});

describe('validate all', () => {
  test('runs with the concurrency limit, reports progress for each, stores every result', async () => {
    const modes: MockMode[] = ['ok', 'invalid', 'forbidden', 'rate_limited', 'no_credit', 'server_error'];
    const providers: ProviderId[] = ['openai', 'anthropic', 'google-ai-studio', 'groq', 'mistral', 'xai', 'cerebras'];
    const made: { name: string; mode: MockMode }[] = [];
    for (let i = 0; i < 18; i++) {
      const mode = modes[i % modes.length]!;
      const { credential } = await add(i < 7 ? providers[i]! : 'custom', mode, { kind: i < 7 ? 'byok' : 'standard' });
      made.push({ name: credential.name, mode });
    }
    mock.latencyMs = 40;
    mock.maxInFlight = 0;
    const progress: number[] = [];
    const out = await validateAll(core, {
      concurrency: 4,
      onProgress: (done, total) => progress.push(done * 100 + total),
    });
    assert.equal(out.length, 18);
    assert.deepEqual(
      progress,
      Array.from({ length: 18 }, (_, i) => (i + 1) * 100 + 18),
    );
    assert.ok(mock.maxInFlight <= 4, `at most 4 at once (saw ${mock.maxInFlight})`);
    assert.ok(mock.maxInFlight >= 2, `runs in parallel (saw ${mock.maxInFlight})`);
    const expected: Record<MockMode, string> = {
      ok: 'valid',
      invalid: 'invalid',
      forbidden: 'forbidden',
      rate_limited: 'rate_limited',
      no_credit: 'no_credit',
      server_error: 'unexpected',
    } as Record<MockMode, string>;
    for (const m of made) {
      assert.equal(core.credentials.get(m.name).validation?.status, expected[m.mode], m.name);
    }
  });

  test('a credential whose secret is gone is reported, not fatal', async () => {
    const { credential } = await add('openai', 'ok');
    const { credential: gone } = await add('custom', 'ok');
    for (const e of await core.vault.entries()) if (e.account.includes(gone.id)) await core.vault.delete(e.account);
    const out = await validateAll(core);
    const byName = Object.fromEntries(out.map((o) => [o.credential.name, o]));
    assert.equal(byName[credential.name]!.result?.status, 'valid');
    assert.equal(byName[gone.name]!.error?.code, 'SECRET_MISSING');
  });
});

describe('validate all: storing', () => {
  test('a catalog write that fails is reported at the end of the run, after every probe', async () => {
    for (let i = 0; i < 3; i++) await add('custom', 'ok');
    const count = mock.requests.length;
    core.catalog.beforeWrite = () => {
      throw new Error('disk full');
    };
    await assert.rejects(validateAll(core), /disk full/);
    core.catalog.beforeWrite = undefined;
    assert.equal(mock.requests.length, count + 3);
    for (const c of core.credentials.list()) assert.equal(c.validation, undefined);
  });
});

describe('BYOK router check', () => {
  test('reports byok when the router used the key, system when it fell back', async () => {
    const { secret: iwSecret } = await add('inworld', 'ok', { baseUrl: mock.baseUrl('inworld') });
    const { credential: good, secret: goodSecret } = await add('openai', 'ok');
    const r = await routerCheckCredential(core, good.name);
    assert.equal(r.result.outcome, 'byok');
    assert.deepEqual(
      r.result.attempts.map((a) => a.credentialType),
      ['byok'],
    );
    const req = mock.requests.at(-1)!;
    assert.equal(req.path, '/v1/chat/completions');
    assert.equal(req.headers.authorization, `Basic ${iwSecret}`);
    const body = JSON.parse(req.body) as { model: string; provider_credentials: Record<string, { api_key: string }> };
    assert.equal(body.model, 'openai/gpt-4o-mini');
    assert.equal(body.provider_credentials.openai!.api_key, goodSecret);
    assert.ok(!JSON.stringify(r).includes(goodSecret));

    const { credential: bad } = await add('anthropic', 'invalid');
    const s = await routerCheckCredential(core, bad.name);
    assert.equal(s.result.outcome, 'system');
    assert.deepEqual(
      s.result.attempts.map((a) => a.credentialType),
      ['byok', 'system'],
    );
  });

  test('a bad Inworld key fails the call itself; a missing Inworld key or a non-BYOK key is an error', async () => {
    const { credential: byok } = await add('openai', 'ok');
    await assert.rejects(routerCheckCredential(core, byok.name), { code: 'CREDENTIAL_NOT_FOUND' });
    const { credential: iw } = await add('inworld', 'invalid');
    const r = await routerCheckCredential(core, byok.name);
    assert.equal(r.result.outcome, 'failed');
    assert.equal(r.result.callStatus, 'invalid');
    assert.equal(r.result.httpStatus, 401);
    await assert.rejects(routerCheckCredential(core, iw.name), { code: 'INVALID_INPUT' });
  });
});

describe('BYOK router check: the stored result', () => {
  test('the last result is stored on the credential (outcome, model, time, detail) and replaced by the next', async () => {
    await add('inworld', 'ok', { baseUrl: mock.baseUrl('inworld') });
    const { credential: good, secret } = await add('openai', 'ok');
    assert.equal(core.credentials.get(good.name).routerCheck, undefined);
    const r = await routerCheckCredential(core, good.name);
    const stored = core.credentials.get(good.name).routerCheck!;
    assert.deepEqual(stored, {
      credentialType: 'byok',
      model: 'openai/gpt-4o-mini',
      checkedAt: r.result.checkedAt,
      detail: r.result.detail,
      httpStatus: 200,
    });
    assert.deepEqual(r.credential.routerCheck, stored);
    assert.ok(!catalogText().includes(secret), 'the key is not in the catalog');

    // The next check replaces it: the router now falls back.
    mock.setKey('openai', secret, 'invalid');
    const s = await routerCheckCredential(core, good.name);
    assert.equal(s.result.outcome, 'system');
    const next = core.credentials.get(good.name).routerCheck!;
    assert.equal(next.credentialType, 'system');
    assert.equal(next.checkedAt, s.result.checkedAt);
    assert.match(next.detail ?? '', /fell back/);

    // `store: false` leaves the stored result alone.
    mock.setKey('openai', secret, 'ok');
    await routerCheckCredential(core, good.name, { store: false });
    assert.equal(core.credentials.get(good.name).routerCheck?.credentialType, 'system');
  });

  test('a failed router call is stored with how it failed; an error before the call stores nothing', async () => {
    const { credential: byok } = await add('openai', 'ok');
    await assert.rejects(routerCheckCredential(core, byok.name), { code: 'CREDENTIAL_NOT_FOUND' });
    assert.equal(core.credentials.get(byok.name).routerCheck, undefined);
    await add('inworld', 'invalid');
    await routerCheckCredential(core, byok.name);
    const stored = core.credentials.get(byok.name).routerCheck!;
    assert.equal(stored.credentialType, 'failed');
    assert.equal(stored.callStatus, 'invalid');
    assert.equal(stored.httpStatus, 401);
  });

  test('rotating the key clears the stored result (it was about the old secret)', async () => {
    await add('inworld', 'ok', { baseUrl: mock.baseUrl('inworld') });
    const { credential: good } = await add('openai', 'ok');
    await routerCheckCredential(core, good.name);
    await validateCredential(core, good.name);
    assert.ok(core.credentials.get(good.name).routerCheck);
    const next = `sk-svc-rotated-${'R7'.repeat(20)}`;
    mock.setKey('openai', next, 'ok');
    await core.credentials.rotate(good.name, next);
    const after = core.credentials.get(good.name);
    assert.equal(after.routerCheck, undefined);
    assert.equal(after.validation, undefined);
    // An update of other metadata keeps it.
    await routerCheckCredential(core, good.name);
    await core.credentials.update(good.name, { note: 'edited' });
    assert.equal(core.credentials.get(good.name).routerCheck?.credentialType, 'byok');
  });

  test('a catalog written before routerCheck existed still loads', async () => {
    const { credential } = await add('openai', 'ok');
    const raw = JSON.parse(fs.readFileSync(core.catalog.path, 'utf8')) as { credentials: Record<string, unknown>[] };
    assert.ok(raw.credentials.every((c) => !('routerCheck' in c)));
    assert.equal(core.credentials.get(credential.name).routerCheck, undefined);
  });
});
