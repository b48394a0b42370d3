/**
 * The harness applies the test's environment last: a developer's own `KEYDECK_HOME`, `KEYDECK_SERVICE`,
 * `HOME` or `XDG_CONFIG_HOME` never receives anything from a test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliEnv, runKeydeck } from './cli.js';

test('a CLI run ignores an inherited KEYDECK_HOME, HOME and XDG_CONFIG_HOME, even when passed back in', async () => {
  const decoy = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-decoy-'));
  const saved = { ...process.env };
  try {
    Object.assign(process.env, {
      KEYDECK_HOME: path.join(decoy, 'home'),
      KEYDECK_SERVICE: 'keydeck-decoy-service',
      HOME: path.join(decoy, 'user'),
      XDG_CONFIG_HOME: path.join(decoy, 'config'),
    });
    const cli = cliEnv();
    // A test that spreads process.env over its extra variables must not undo the harness either.
    const r = await runKeydeck(cli, ['add', 'hermetic', '--kind', 'byok', '--provider', 'openai'], {
      input: 'sk-proj-hermetic0000000000000000000000',
      env: { ...process.env },
    });
    assert.equal(r.code, 0, r.stderr);
    const listed = await runKeydeck(cli, ['list', '--json'], { env: { ...process.env } });
    assert.deepEqual(
      (JSON.parse(listed.stdout) as { name: string }[]).map((c) => c.name),
      ['hermetic'],
    );
    assert.deepEqual(fs.readdirSync(decoy), [], 'nothing was written into the inherited folders');
    assert.ok(fs.existsSync(path.join(cli.home, 'catalog.json')));
    await runKeydeck(cli, ['rm', 'hermetic', '--yes']);
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    fs.rmSync(decoy, { recursive: true, force: true });
  }
});
