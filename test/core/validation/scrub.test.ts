import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, WITHHELD, scrub, secretFragments } from '../../../electron/core/validation/scrub.js';
import { classify, errorText } from '../../../electron/core/validation/classify.js';
import { PROVIDER_DESCRIPTORS } from '../../../shared/providers.js';

test('the key, its fragments and other key-shaped tokens are scrubbed', () => {
  const key = 'sk-live-0123456789abcdefghijKLMNOPQRST';
  assert.equal(scrub(`bad key ${key} here`, secretFragments(key)), `bad key ${REDACTED} here`);
  assert.equal(scrub(`prefix only 0123456789abcdefghij`, secretFragments(key)), `prefix only ${REDACTED}`);
  assert.equal(scrub('other sk-ant-api03-zzzzzzzzzzzzzzzz too', []), `other ${REDACTED} too`);
  assert.equal(scrub('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', []), `token ${REDACTED}`);
  assert.equal(
    scrub('see https://platform.openai.com/account/api-keys', []),
    'see https://platform.openai.com/account/api-keys',
  );
});

test('a Basic credential is scrubbed in Base64 and as its decoded parts', () => {
  const basic = Buffer.from('myKeyId123:mySecretValue456').toString('base64');
  const frags = secretFragments(basic);
  assert.ok(frags.includes('myKeyId123') && frags.includes('mySecretValue456'));
  assert.equal(scrub(`key myKeyId123 rejected (mySecretValue456)`, frags), `key ${REDACTED} rejected (${REDACTED})`);
});

test('a key file is scrubbed by its private key id and key lines, not by ordinary words', () => {
  const file = JSON.stringify({
    type: 'service_account',
    private_key_id: 'abcdef0123456789',
    private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END',
  });
  const frags = secretFragments(file);
  assert.equal(
    scrub('key abcdef0123456789 of service_account is disabled', frags),
    `key ${REDACTED} of service_account is disabled`,
  );
  assert.equal(scrub('got MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', frags), `got ${REDACTED}`);
});

test('details are shortened and control characters removed', () => {
  const out = scrub('line1\nline2\u0007' + 'x '.repeat(1000), []);
  assert.ok(out.length <= 300);
  assert.ok(out.startsWith('line1 line2'));
  assert.ok(!/[\n\u0007]/.test(out));
});

test("error text comes from each provider's error shape", () => {
  assert.equal(errorText({ body: '{"error":{"message":"m1"}}', truncated: false }), 'm1');
  assert.equal(
    errorText({ body: '{"error":"invalid_grant","error_description":"d"}', truncated: false }),
    'invalid_grant: d',
  );
  assert.equal(errorText({ body: '{"code":16,"message":"Unauthenticated"}', truncated: false }), 'Unauthenticated');
  assert.match(errorText({ body: '<b>oops</b>', truncated: false }), /non-JSON body\) oops/);
});

test('classification table', () => {
  const openai = PROVIDER_DESCRIPTORS.openai.probe;
  const ans = (status: number, body = '{}', location?: string) => ({
    status,
    body,
    contentType: 'application/json',
    truncated: false,
    ...(location ? { location } : {}),
  });
  const c = (s: number, body?: string) => classify(openai, ans(s, body), []).status;
  assert.equal(c(200), 'valid');
  assert.equal(c(401), 'invalid');
  assert.equal(c(403), 'forbidden');
  assert.equal(c(402), 'no_credit');
  assert.equal(c(429), 'rate_limited');
  assert.equal(c(429, '{"error":{"code":"insufficient_quota"}}'), 'no_credit');
  assert.equal(c(404), 'unexpected');
  assert.equal(c(500), 'unexpected');
  const r = classify(openai, ans(301, '', 'https://evil.example/x'), []);
  assert.deepEqual([r.status, r.httpStatus], ['unexpected', 301]);
  assert.match(r.detail, /evil\.example.*not followed/);
});

test('a key echoed in 6-character chunks (or encoded) drops the whole detail', () => {
  const key = 'sk-live-0123456789abcdefghijKLMNOPQRST';
  const frags = secretFragments(key);
  const chunks = key.match(/.{1,6}/g)!;
  for (const sep of [' ', '\n', ', ', ' | ']) {
    const out = scrub(`invalid key: ${chunks.join(sep)}`, frags);
    assert.equal(out, WITHHELD, `chunks joined by ${JSON.stringify(sep)}`);
    assert.ok(!chunks.slice(1, -1).some((c) => out.includes(c)));
  }
  // One 6-character run is enough, even as a fragment of a longer word.
  assert.equal(scrub('unknown token x9abcdefx', frags), WITHHELD);
  // Base64, Base64url and URL-encoded echoes.
  const b64 = Buffer.from(key).toString('base64');
  assert.equal(scrub(`got ${b64.slice(8, 14)} / ${b64.slice(20, 26)}`, frags), WITHHELD);
  assert.equal(scrub(`got ${encodeURIComponent('a+b/c=d?' + key).slice(0, 20)}`, ['a+b/c=d?' + key]), WITHHELD);
  // Ordinary text and whole-key echoes keep their context.
  assert.equal(scrub('Incorrect API key provided.', frags), 'Incorrect API key provided.');
  assert.equal(scrub(`bad key ${key} here`, frags), `bad key ${REDACTED} here`);
  // A key file's JSON is matched by its key fields only, not by its ordinary words.
  const file = JSON.stringify({ type: 'service_account', private_key_id: 'abcdef0123456789' });
  assert.equal(scrub('service_account disabled', secretFragments(file)), 'service_account disabled');
  assert.equal(scrub('id abcdef 0123 bad', secretFragments(file)), WITHHELD);
});
