import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { checkKeyFormat, checkServiceAccountJson, detectProvider } from '../../../shared/provider-format.js';
import { PROVIDER_DESCRIPTORS, PROVIDERS } from '../../../shared/providers.js';
import { checkKeyFormatDeep } from '../../../electron/core/validation/index.js';

const codes = (r: { errors: { code: string }[]; warnings: { code: string }[] }) => ({
  errors: r.errors.map((e) => e.code),
  warnings: r.warnings.map((w) => w.code),
});

const alnum = (n: number) => 'aB3dE5gH7j'.repeat(Math.ceil(n / 10)).slice(0, n);
const KEYS = {
  openaiLegacy: `sk-${alnum(48)}`,
  openaiProj: `sk-proj-${alnum(156)}`,
  anthropic: `sk-ant-api03-${alnum(95)}`,
  gemini: `AIza${alnum(35)}`,
  groq: `gsk_${alnum(52)}`,
  xai: `xai-${alnum(80)}`,
  cerebras: `csk-${alnum(48)}`,
  fireworks: `fw_${alnum(24)}`,
  mistral: alnum(32),
};

function serviceAccount(over: Record<string, unknown> = {}): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return JSON.stringify({
    type: 'service_account',
    project_id: 'p',
    private_key_id: 'abc123',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: 'svc@p.iam.gserviceaccount.com',
    token_uri: 'https://oauth2.googleapis.com/token',
    ...over,
  });
}

test('every provider has a descriptor with a format rule, a probe and rotation steps', () => {
  for (const p of PROVIDERS) {
    const d = PROVIDER_DESCRIPTORS[p];
    assert.ok(d.keyFormat && d.probe && d.rotationSteps.length >= 3, p);
    assert.ok(d.probe.expected.includes(200), p);
  }
});

test('well-formed keys of each provider pass without warnings', () => {
  const cases: [keyof typeof KEYS, (typeof PROVIDERS)[number]][] = [
    ['openaiLegacy', 'openai'],
    ['openaiProj', 'openai'],
    ['anthropic', 'anthropic'],
    ['gemini', 'google-ai-studio'],
    ['groq', 'groq'],
    ['xai', 'xai'],
    ['cerebras', 'cerebras'],
    ['fireworks', 'fireworks'],
    ['mistral', 'mistral'],
  ];
  for (const [k, p] of cases) assert.deepEqual(codes(checkKeyFormat(p, KEYS[k])), { errors: [], warnings: [] }, p);
});

test('an unknown new shape is a warning, not an error (tolerant like sk-proj-…)', () => {
  const r = checkKeyFormat('openai', `sk-newkind-${alnum(300)}`);
  assert.equal(r.ok, true);
  assert.deepEqual(codes(r).errors, []);
  assert.ok(codes(r).warnings.includes('LONG'));
  const g = checkKeyFormat('groq', `gk2_${alnum(52)}`);
  assert.equal(g.ok, true);
  assert.deepEqual(codes(g).warnings, ['UNKNOWN_PREFIX']);
  assert.doesNotMatch(g.warnings[0]!.message, /aB3dE5/, 'the message never repeats the key');
});

test('a key plausible for another provider warns which one it looks like', () => {
  const a = checkKeyFormat('openai', KEYS.anthropic);
  assert.equal(a.ok, true);
  assert.equal(a.looksLike, 'anthropic');
  assert.match(a.warnings[0]!.message, /looks like an Anthropic key, not an OpenAI key/);
  assert.equal(checkKeyFormat('xai', KEYS.groq).looksLike, 'groq');
  assert.equal(checkKeyFormat('anthropic', KEYS.openaiProj).looksLike, 'openai');
  assert.equal(checkKeyFormat('mistral', KEYS.gemini).looksLike, 'google-ai-studio');
  assert.equal(checkKeyFormat('openai', serviceAccount().replace(/\n/g, '')).looksLike, 'google-vertex');
  assert.equal(checkKeyFormat('groq', Buffer.from('key:secret').toString('base64')).looksLike, 'inworld');
  assert.equal(detectProvider(KEYS.openaiLegacy), 'openai');
  assert.equal(detectProvider(KEYS.mistral), undefined);
});

test('empty keys and keys with inner whitespace are errors', () => {
  assert.deepEqual(codes(checkKeyFormat('openai', '   ')).errors, ['EMPTY']);
  assert.deepEqual(codes(checkKeyFormat('openai', 'sk-abc def')).errors, ['INNER_WHITESPACE']);
  assert.deepEqual(codes(checkKeyFormat('custom', 'a\u0007b')).errors, ['INNER_WHITESPACE']);
});

test('Inworld Basic credentials: Base64 of key:secret, or key:secret to be encoded', () => {
  assert.equal(checkKeyFormat('inworld', Buffer.from('abcdefgh:ijklmnopqrstuvwx').toString('base64')).ok, true);
  assert.deepEqual(codes(checkKeyFormat('inworld', 'key:secret')).warnings, ['BASIC_WILL_ENCODE']);
  assert.deepEqual(codes(checkKeyFormat('inworld', 'not-base64!')).errors, ['BASIC_NOT_BASE64']);
  assert.deepEqual(codes(checkKeyFormat('inworld', Buffer.from('nocolonhere').toString('base64'))).errors, [
    'BASIC_NO_COLON',
  ]);
  assert.deepEqual(codes(checkKeyFormat('inworld', ':secret')).errors, ['BASIC_PAIR']);
});

test('Vertex service-account JSON: shape and private key checks', () => {
  assert.deepEqual(codes(checkKeyFormat('google-vertex', serviceAccount())), { errors: [], warnings: [] });
  assert.deepEqual(codes(checkKeyFormat('google-vertex', 'not json')).errors, ['NOT_JSON']);
  const gem = checkKeyFormat('google-vertex', KEYS.gemini);
  assert.equal(gem.looksLike, 'google-ai-studio');
  assert.deepEqual(codes(checkKeyFormat('google-vertex', '[1]')).errors, ['NOT_OBJECT']);
  assert.deepEqual(codes(checkKeyFormat('google-vertex', serviceAccount({ type: 'authorized_user' }))).errors, [
    'NOT_SERVICE_ACCOUNT',
  ]);
  assert.deepEqual(codes(checkKeyFormat('google-vertex', serviceAccount({ client_email: undefined }))).errors, [
    'MISSING_FIELD',
  ]);
  assert.deepEqual(codes(checkKeyFormat('google-vertex', serviceAccount({ token_uri: 'ftp://x/token' }))).errors, [
    'BAD_TOKEN_URI',
  ]);
  assert.deepEqual(codes(checkKeyFormat('google-vertex', serviceAccount({ token_uri: undefined }))).warnings, [
    'NO_TOKEN_URI',
  ]);
  const rsa1 = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' });
  assert.deepEqual(codes(checkKeyFormat('google-vertex', serviceAccount({ private_key: rsa1.toString() }))).errors, [
    'PRIVATE_KEY_FORMAT',
  ]);
  const good = JSON.parse(serviceAccount()) as { private_key: string };
  const lines = good.private_key.trim().split('\n');
  const truncated = [...lines.slice(0, 5), lines[lines.length - 1]].join('\n');
  assert.deepEqual(codes(checkServiceAccountJson(serviceAccount({ private_key: truncated }))).errors, [
    'PRIVATE_KEY_FORMAT',
  ]);
});

test('the core parses the Vertex private key for real', () => {
  assert.equal(checkKeyFormatDeep('google-vertex', serviceAccount()).ok, true);
  // A DER SEQUENCE of the right length that is not a key: passes the shape check, fails the parse.
  const der = Buffer.concat([Buffer.from([0x30, 0x81, 0x80]), Buffer.alloc(128, 7)]);
  const pem = `-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n`;
  assert.equal(checkKeyFormat('google-vertex', serviceAccount({ private_key: pem })).ok, true);
  const deep = checkKeyFormatDeep('google-vertex', serviceAccount({ private_key: pem }));
  assert.equal(deep.ok, false);
  assert.deepEqual(codes(deep).errors, ['PRIVATE_KEY_PARSE']);
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  assert.deepEqual(codes(checkKeyFormatDeep('google-vertex', serviceAccount({ private_key: ec.toString() }))).errors, [
    'PRIVATE_KEY_TYPE',
  ]);
});
