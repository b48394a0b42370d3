/**
 * Every header, curl and SDK form, run unchanged in its real consumer against a local stand-in that
 * refuses what the provider would refuse: curl (spawned), the npm `openai`, `@anthropic-ai/sdk` and
 * `@google/genai` packages, and python3 with fake SDK modules that send what the real SDKs send.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { formatCredential } from '../../../electron/core/format.js';
import { PROVIDER_DESCRIPTORS } from '../../../shared/providers.js';
import { REQUIRE, startStandIn, type Requirement, type StandIn } from '../../harness/recording-server.js';
import { credFor } from '../../harness/credential.js';
import { runJs, runPy, runShell, type Ran } from './consumers.js';

const stands: StandIn[] = [];
after(() => Promise.all(stands.map((s) => s.close())));

async function standIn(require: Requirement): Promise<StandIn> {
  const s = await startStandIn({ require });
  stands.push(s);
  return s;
}

function assertRan(r: Ran, s: StandIn, what: string): void {
  assert.equal(s.refused.length, 0, `${what}: the stand-in refused: ${s.refused.map((x) => x.why).join('; ')}`);
  assert.equal(r.code, 0, `${what} failed: ${r.stderr.slice(-800)}`);
  assert.ok(s.requests.length > 0, `${what} sent nothing`);
}

const OPENAI_KEY = 'sk-proj-' + 'A1b2C3d4'.repeat(6);
const ANTHROPIC_KEY = 'sk-ant-api03-' + 'Zz09_-xy'.repeat(12);
const INWORLD_KEY = Buffer.from('key-id:secret-part-0123456789').toString('base64');
const GEMINI_KEY = 'AIza' + 'S'.repeat(35);

test('Anthropic: header, headers and curl send x-api-key and anthropic-version', async () => {
  const s = await standIn(REQUIRE.anthropic(ANTHROPIC_KEY));
  const cred = credFor('anthropic', { baseUrl: `${s.url}/v1` });
  assert.equal(formatCredential(cred, ANTHROPIC_KEY, 'header'), `x-api-key: ${ANTHROPIC_KEY}`);
  assert.equal(
    formatCredential(cred, ANTHROPIC_KEY, 'headers'),
    `x-api-key: ${ANTHROPIC_KEY}\nanthropic-version: 2023-06-01`,
  );
  const r = await runShell(formatCredential(cred, ANTHROPIC_KEY, 'curl') + ' --fail');
  assertRan(r, s, 'curl');
  assert.equal(s.requests[0]!.path, '/v1/models');
});

test("Anthropic's own SDK (JavaScript, Python) from the native snippets", async () => {
  const s = await standIn(REQUIRE.anthropic(ANTHROPIC_KEY));
  const cred = credFor('anthropic', { baseUrl: `${s.url}/v1` });
  const env = { ANTHROPIC_API_KEY: ANTHROPIC_KEY };
  const js = await runJs(formatCredential(cred, ANTHROPIC_KEY, 'sdk-native-js'), 'client.models.list()', env);
  assertRan(js, s, '@anthropic-ai/sdk');
  const py = await runPy(formatCredential(cred, ANTHROPIC_KEY, 'sdk-native-python'), 'client.models.list()', env);
  assertRan(py, s, 'anthropic (Python)');
  assert.equal(py.record?.kwargs.base_url, s.url);
  assert.ok(!formatCredential(cred, ANTHROPIC_KEY, 'sdk-native-js').includes(ANTHROPIC_KEY), 'no key in source');
});

test('Anthropic through the OpenAI SDK: Bearer key at the compatible /v1/ endpoint, version header kept', async () => {
  const s = await standIn(REQUIRE.bearer(ANTHROPIC_KEY, '/v1/'));
  const cred = credFor('anthropic', { baseUrl: `${s.url}/v1` });
  const r = await runJs(formatCredential(cred, ANTHROPIC_KEY, 'sdk-js'), 'client.models.list()', {
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
  });
  assertRan(r, s, 'openai (JS) → Anthropic');
  assert.equal(s.requests[0]!.headers['anthropic-version'], '2023-06-01');
});

test('Inworld: the OpenAI SDKs send the Basic credential (default headers) to /v1', async () => {
  const s = await standIn(REQUIRE.basic(INWORLD_KEY, '/v1/'));
  const cred = credFor('inworld', { baseUrl: s.url });
  const env = { INWORLD_API_KEY: INWORLD_KEY };
  const js = await runJs(formatCredential(cred, INWORLD_KEY, 'sdk-js'), 'client.models.list()', env);
  assertRan(js, s, 'openai (JS) → Inworld');
  assert.equal(s.requests.at(-1)!.path, '/v1/models');
  const py = await runPy(formatCredential(cred, INWORLD_KEY, 'sdk-python'), 'client.models.list()', env);
  assertRan(py, s, 'openai (Python) → Inworld');
  assert.equal(py.record?.kwargs.base_url, `${s.url}/v1`);
  assert.deepEqual(py.record?.kwargs.default_headers, { Authorization: `Basic ${INWORLD_KEY}` });
  const curl = await runShell(formatCredential(cred, INWORLD_KEY, 'curl') + ' --fail');
  assertRan(curl, s, 'curl → Inworld');
});

test("Google AI Studio: curl and Google's SDK send x-goog-api-key; the OpenAI SDK goes to /v1beta/openai/", async () => {
  const native = await standIn(REQUIRE.googleKey(GEMINI_KEY, '/v1beta/'));
  const cred = credFor('google-ai-studio', { baseUrl: `${native.url}/v1beta` });
  const env = { GEMINI_API_KEY: GEMINI_KEY };
  assertRan(await runShell(formatCredential(cred, GEMINI_KEY, 'curl') + ' --fail'), native, 'curl → AI Studio');
  const call = "client.models.get({ model: 'gemini-2.0-flash' })";
  assertRan(await runJs(formatCredential(cred, GEMINI_KEY, 'sdk-native-js'), call, env), native, '@google/genai');
  assert.equal(native.requests.at(-1)!.path, '/v1beta/models/gemini-2.0-flash');
  const py = await runPy(
    formatCredential(cred, GEMINI_KEY, 'sdk-native-python'),
    'client.models.get(model="gemini-2.0-flash")',
    env,
  );
  assertRan(py, native, 'google.genai (Python)');

  const compat = await standIn(REQUIRE.bearer(GEMINI_KEY, '/v1beta/openai/'));
  const c2 = credFor('google-ai-studio', { baseUrl: `${compat.url}/v1beta` });
  assertRan(await runJs(formatCredential(c2, GEMINI_KEY, 'sdk-js'), 'client.models.list()', env), compat, 'openai JS');
  const py2 = await runPy(formatCredential(c2, GEMINI_KEY, 'sdk-python'), 'client.models.list()', env);
  assertRan(py2, compat, 'openai Python → AI Studio');
  assert.equal(py2.record?.kwargs.base_url, `${compat.url}/v1beta/openai/`);
  // The default base URL is Google's OpenAI-compatible endpoint.
  assert.match(
    formatCredential(credFor('google-ai-studio'), GEMINI_KEY, 'sdk-python'),
    /base_url="https:\/\/generativelanguage\.googleapis\.com\/v1beta\/openai\/"/,
  );
});

test('OpenAI and the other Bearer providers: curl and both OpenAI SDKs', async () => {
  const s = await standIn(REQUIRE.bearer(OPENAI_KEY, '/v1/'));
  const cred = credFor('openai', { baseUrl: `${s.url}/v1` });
  const env = { OPENAI_API_KEY: OPENAI_KEY };
  assertRan(await runShell(formatCredential(cred, OPENAI_KEY, 'curl') + ' --fail'), s, 'curl');
  assertRan(await runJs(formatCredential(cred, OPENAI_KEY, 'sdk-js'), 'client.models.list()', env), s, 'openai JS');
  const py = await runPy(formatCredential(cred, OPENAI_KEY, 'sdk-python'), 'client.models.list()', env);
  assertRan(py, s, 'openai Python');
  assert.equal(py.record?.kwargs.api_key, OPENAI_KEY);
  assert.equal(formatCredential(cred, OPENAI_KEY, 'headers'), `Authorization: Bearer ${OPENAI_KEY}`);
  for (const p of ['cerebras', 'deepinfra', 'fireworks', 'mistral', 'groq', 'xai'] as const) {
    const js = formatCredential(credFor(p), 'k', 'sdk-js');
    assert.ok(js.includes(`baseURL: "${PROVIDER_DESCRIPTORS[p].baseUrl}"`), p);
  }
});

test('a custom header:NAME credential goes in that header in curl and the OpenAI SDK', async () => {
  const key = 'tok_' + 'q'.repeat(30);
  const s = await standIn((r) => (r.headers['x-api-token'] === key ? undefined : 'x-api-token missing'));
  const cred = credFor('custom', { authScheme: 'header:X-Api-Token', envVar: 'MY_TOKEN', baseUrl: `${s.url}/api` });
  assertRan(await runShell(formatCredential(cred, key, 'curl') + ' --fail'), s, 'curl');
  const js = await runJs(formatCredential(cred, key, 'sdk-js'), 'client.models.list()', { MY_TOKEN: key });
  assertRan(js, s, 'openai JS (custom header)');
});
