import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { formatCredential } from '../../electron/core/format.js';
import { displayPrefix, fingerprint } from '../../electron/core/display.js';
import type { Credential } from '../../shared/domain.js';
import { credFor } from '../harness/credential.js';

/** An OpenAI key's catalog entry (id-1, named n) with the given changes. */
function cred(over: Partial<Credential>): Credential {
  return credFor('openai', { id: 'id-1', name: 'n', ...over });
}

describe('copy formats', () => {
  const openai = cred({});
  const inworld = cred({ kind: 'standard', provider: 'inworld', authScheme: 'basic', envVar: 'INWORLD_API_KEY' });
  const anthropic = cred({ provider: 'anthropic', authScheme: 'header:x-api-key', envVar: 'ANTHROPIC_API_KEY' });

  test('headers per auth scheme', () => {
    assert.equal(formatCredential(inworld, 'YTpi', 'header'), 'Authorization: Basic YTpi');
    assert.equal(formatCredential(openai, 'sk-1', 'header'), 'Authorization: Bearer sk-1');
    assert.equal(formatCredential(anthropic, 'sk-ant-1', 'header'), 'x-api-key: sk-ant-1');
  });

  test('env lines include the base URL variable', () => {
    assert.equal(
      formatCredential(openai, 'sk-1', 'env-bash'),
      "export OPENAI_API_KEY='sk-1'\nexport OPENAI_BASE_URL='https://api.openai.com/v1'",
    );
    assert.equal(
      formatCredential(inworld, 'YTpi', 'env-powershell'),
      "$env:INWORLD_API_KEY = 'YTpi'\n$env:INWORLD_BASE_URL = 'https://api.inworld.ai'",
    );
    assert.equal(
      formatCredential(cred({ baseUrl: 'http://127.0.0.1:8080/v1' }), 'sk-1', 'env-dotenv'),
      'OPENAI_API_KEY=sk-1\nOPENAI_BASE_URL=http://127.0.0.1:8080/v1',
    );
  });

  test('quoting survives hostile values in bash and .env', () => {
    const nasty = `a'b"c$HOME\`x\`\\d`;
    const sh = spawnSync('sh', ['-c', `${formatCredential(openai, nasty, 'env-bash')}\nprintf %s "$OPENAI_API_KEY"`], {
      encoding: 'utf8',
    });
    assert.equal(sh.stdout, nasty);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-fmt-'));
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, formatCredential(cred({ envVar: 'K' }), 'sp ace"q', 'env-dotenv'));
    const r = spawnSync(process.execPath, [`--env-file=${file}`, '-e', 'process.stdout.write(process.env.K)'], {
      encoding: 'utf8',
    });
    assert.equal(r.stdout, 'sp ace"q');
    fs.rmSync(dir, { recursive: true });
  });

  test('the curl snippet sends the header to the base URL', async () => {
    let seen: http.IncomingHttpHeaders | undefined;
    let url = '';
    const server = http.createServer((req, res) => {
      seen = req.headers;
      url = req.url ?? '';
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const snippet = formatCredential(cred({ baseUrl: `http://127.0.0.1:${port}/v1` }), "sk-it's", 'curl');
    // curl runs asynchronously: a blocking spawn would stall this very server.
    const status = await new Promise<number | null>((resolve) =>
      spawn('sh', ['-c', snippet], { stdio: 'ignore' }).on('close', resolve),
    );
    server.close();
    assert.equal(status, 0);
    assert.equal(seen?.authorization, "Bearer sk-it's");
    assert.equal(url, '/v1/models');
  });

  test('SDK snippets read the key from the environment and set the base URL', () => {
    const py = formatCredential(openai, 'sk-secret', 'sdk-python');
    assert.match(py, /api_key=os\.environ\["OPENAI_API_KEY"\]/);
    assert.match(py, /base_url="https:\/\/api\.openai\.com\/v1"/);
    assert.ok(!py.includes('sk-secret'));
    const js = formatCredential(openai, 'sk-secret', 'sdk-js');
    assert.match(js, /apiKey: process\.env\.OPENAI_API_KEY/);
    assert.match(js, /baseURL: "https:\/\/api\.openai\.com\/v1"/);
  });

  test('BYOK provider_credentials JSON with fallback_to_inworld', () => {
    const x = JSON.parse(
      formatCredential(cred({ provider: 'xai', envVar: 'XAI_API_KEY' }), 'xai-1', 'provider-credentials'),
    );
    assert.deepEqual(x, { provider_credentials: { xai: { api_key: 'xai-1', fallback_to_inworld: true } } });
    assert.throws(() => formatCredential(inworld, 'YTpi', 'provider-credentials'), /only for BYOK/);
  });

  test("provider_credentials uses the ids of Inworld's model ids (google-ai-studio, not google)", () => {
    const ids = (provider: 'google-ai-studio' | 'google-vertex' | 'anthropic') =>
      Object.keys(
        JSON.parse(formatCredential(cred({ provider, envVar: 'K' }), 'k', 'provider-credentials')).provider_credentials,
      );
    assert.deepEqual(ids('google-ai-studio'), ['google-ai-studio']);
    assert.deepEqual(ids('google-vertex'), ['google-vertex']);
    assert.deepEqual(ids('anthropic'), ['anthropic']);
  });

  test('.env lines refuse a value no quoting keeps, naming the variable, never the value', () => {
    assert.throws(
      () => formatCredential(openai, `it's "both"`, 'env-dotenv'),
      (e: Error) => {
        assert.equal((e as { code?: string }).code, 'UNSAFE_ENV_VALUE');
        assert.match(e.message, /OPENAI_API_KEY cannot be written as a \.env line/);
        assert.ok(!e.message.includes('both"'));
        return true;
      },
    );
  });
});

describe('display prefix and fingerprint', () => {
  test('vendor prefix plus 8 characters', () => {
    assert.equal(displayPrefix('sk-proj-abcdefghijklmnopqrstuvwxyz'), 'sk-proj-abcdefgh');
    assert.equal(displayPrefix('gsk_ABCDEFGHIJKLMNOPQRSTUV'), 'gsk_ABCDEFGH');
  });
  test('JWT-shaped keys get fingerprint digits, not the shared eyJ header', () => {
    const a = displayPrefix('sk-live-eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig1');
    const b = displayPrefix('sk-live-eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyIn0.sig2');
    assert.match(a, /^sk-live-[0-9a-f]{8}$/);
    assert.notEqual(a, b);
  });
  test('first and last four otherwise; short secrets fully masked', () => {
    assert.equal(displayPrefix('ABCDEFGHIJKLMNOPQRST'), 'ABCD…QRST');
    assert.equal(displayPrefix('short'), '••••••••');
  });
  test('fingerprints are short SHA-256 and stable', () => {
    assert.equal(fingerprint('abc'), 'sha256:ba7816bf8f01cfea');
  });
});
