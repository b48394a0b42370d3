/**
 * The CLI contract of `headers`, `snippet` and `add --auth` (runCli in this process: runKeydeckHere),
 * with the printed curl run by bash against a stand-in that wants Anthropic's headers.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cliEnv, dropCliEnv, runKeydeckHere } from '../../harness/cli.js';
import { REQUIRE, startStandIn, type StandIn } from '../../harness/recording-server.js';
import { COPY_FORM_NAMES } from '../../../shared/copy-forms.js';
import { runShell } from './consumers.js';

const stands: StandIn[] = [];
after(() => Promise.all(stands.map((s) => s.close())));

const KEY = 'sk-ant-api03-' + 'Zz09_-xy'.repeat(12);

test('keydeck headers / header / snippet --as / add --auth', async () => {
  const s = await startStandIn({ require: REQUIRE.anthropic(KEY) });
  stands.push(s);
  const cli = cliEnv();
  try {
    const add = await runKeydeckHere(
      cli,
      ['add', 'claude', '--kind', 'byok', '--provider', 'anthropic', '--base-url', `${s.url}/v1`],
      { input: KEY },
    );
    assert.equal(add.code, 0, add.stderr);
    const one = await runKeydeckHere(cli, ['header', 'claude']);
    assert.equal(one.stdout, `x-api-key: ${KEY}\n`);
    const all = await runKeydeckHere(cli, ['headers', 'claude']);
    assert.equal(all.stdout, `x-api-key: ${KEY}\nanthropic-version: 2023-06-01\n`);

    const curl = await runKeydeckHere(cli, ['snippet', 'claude', '--as', 'curl']);
    assert.equal(curl.code, 0, curl.stderr);
    const ran = await runShell(curl.stdout.trimEnd() + ' --fail');
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(s.refused.length, 0);
    const js = await runKeydeckHere(cli, ['snippet', 'claude', '--as', 'native-js']);
    assert.match(js.stdout, /^import Anthropic from '@anthropic-ai\/sdk';/);

    const bad = await runKeydeckHere(cli, ['snippet', 'claude', '--as', 'cobol']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, new RegExp(`--as must be one of ${COPY_FORM_NAMES.join(', ')}`));

    const custom = await runKeydeckHere(
      cli,
      ['add', 'svc', '--kind', 'standard', '--provider', 'custom', '--auth', 'header:X-Service-Key'],
      { input: 'svc_0123456789abcdef' },
    );
    assert.equal(custom.code, 0, custom.stderr);
    assert.equal((await runKeydeckHere(cli, ['header', 'svc'])).stdout, 'X-Service-Key: svc_0123456789abcdef\n');
    const wrong = await runKeydeckHere(cli, ['add', 'svc2', '--kind', 'standard', '--auth', 'digest'], { input: 'x' });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--auth must be bearer, basic or header:NAME/);
  } finally {
    await dropCliEnv(cli);
  }
});
