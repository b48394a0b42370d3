/**
 * Trusted project and env files (issue 16 §5): the trust service's records, and `keydeck exec`'s plan
 * (resolveExecEnv) refusing what the user has not allowed, changed files, symlinked project files,
 * project files above the repository root, and names of another workspace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProjectFile, projectFileText, resolveExecEnv } from '../../electron/core/exec/index.js';
import { createCoreForTest, makeTestCore, type TestCore } from '../harness/core.js';

const PROD_SECRET = 'sk-prod-0123456789abcdefGHIJKL';
const DEV_SECRET = 'sk-dev-0123456789abcdefGHIJKLM';

/** A core with "OpenAI" in both Personal (active) and Production, and a fresh repository folder. */
async function setUp(): Promise<{ core: TestCore; repo: string; done: () => Promise<void> }> {
  const core = makeTestCore();
  await core.credentials.create({ name: 'OpenAI', kind: 'byok', provider: 'openai' }, DEV_SECRET);
  await core.workspaces.add('Production');
  await core.credentials.create(
    { name: 'OpenAI', kind: 'byok', provider: 'openai', workspace: 'Production' },
    PROD_SECRET,
  );
  await core.credentials.create(
    { name: 'Stripe', kind: 'standard', provider: 'custom', envVar: 'STRIPE_KEY', workspace: 'Production' },
    'rk-prod-stripe-0123456789abcdef',
  );
  const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-trust-')));
  fs.mkdirSync(path.join(repo, '.git'));
  return {
    core,
    repo,
    done: async () => {
      fs.rmSync(repo, { recursive: true, force: true });
      await core.cleanup();
    },
  };
}

test('an unallowed project file is refused with what it asks for and the command that allows it', async () => {
  const { core, repo, done } = await setUp();
  try {
    const file = path.join(repo, '.keydeck');
    fs.writeFileSync(file, projectFileText(['OpenAI', 'Stripe'], 'Production'));
    await assert.rejects(resolveExecEnv(core.credentials, { trust: core.trust, cwd: repo }), (err: Error) => {
      assert.equal((err as { code?: string }).code, 'NOT_ALLOWED');
      assert.match(err.message, /workspace "Production": OpenAI, Stripe/);
      assert.ok(err.message.includes(`keydeck allow ${file}`), err.message);
      return true;
    });
    assert.equal(core.trust.check(file).state, 'not-allowed');
    assert.deepEqual(core.trust.list(), []);

    const rec = await core.trust.allow(file);
    assert.equal(rec.path, file);
    assert.equal(rec.workspace, 'Production');
    assert.deepEqual(rec.credentials, ['OpenAI', 'Stripe']);
    assert.match(rec.sha256, /^[0-9a-f]{64}$/);
    assert.equal(core.trust.check(file).state, 'allowed');
    const plan = await resolveExecEnv(core.credentials, { trust: core.trust, cwd: repo });
    assert.equal(plan.env.OPENAI_API_KEY, PROD_SECRET, 'names resolve in the declared workspace');
    assert.equal(plan.env.STRIPE_KEY, 'rk-prod-stripe-0123456789abcdef');

    assert.equal(await core.trust.deny(file), true);
    assert.equal(await core.trust.deny(file), false);
    await assert.rejects(resolveExecEnv(core.credentials, { trust: core.trust, cwd: repo }), { code: 'NOT_ALLOWED' });
  } finally {
    await done();
  }
});

test('bad input: a project file changed by one byte since it was allowed is refused', async () => {
  const { core, repo, done } = await setUp();
  try {
    const file = path.join(repo, '.keydeck');
    fs.writeFileSync(file, projectFileText(['OpenAI'], 'Production'));
    await core.trust.allow(file);
    fs.writeFileSync(file, projectFileText(['OpenAI', 'Stripe'], 'Production'));
    await assert.rejects(resolveExecEnv(core.credentials, { trust: core.trust, cwd: repo }), (err: Error) => {
      assert.equal((err as { code?: string }).code, 'CHANGED_SINCE_ALLOWED');
      assert.match(err.message, /changed since you allowed it/);
      assert.match(err.message, /now asks for workspace "Production": OpenAI, Stripe/);
      assert.ok(err.message.includes(`keydeck allow ${file}`));
      return true;
    });
    // One byte: a trailing space.
    fs.writeFileSync(file, projectFileText(['OpenAI'], 'Production') + ' ');
    assert.equal(core.trust.check(file).state, 'changed');
    await assert.rejects(resolveExecEnv(core.credentials, { trust: core.trust, cwd: repo }), {
      code: 'CHANGED_SINCE_ALLOWED',
    });
  } finally {
    await done();
  }
});

test('bad input: a symlinked project file is refused, not followed, and cannot be allowed', async () => {
  const { core, repo, done } = await setUp();
  try {
    const real = path.join(repo, 'elsewhere.json');
    fs.writeFileSync(real, projectFileText(['OpenAI'], 'Production'));
    fs.symlinkSync(real, path.join(repo, '.keydeck'));
    assert.throws(() => findProjectFile(repo), { code: 'PROJECT_FILE_SYMLINK' });
    await assert.rejects(resolveExecEnv(core.credentials, { trust: core.trust, cwd: repo }), {
      code: 'PROJECT_FILE_SYMLINK',
    });
    await assert.rejects(core.trust.allow(path.join(repo, '.keydeck')), { code: 'PROJECT_FILE_SYMLINK' });
  } finally {
    await done();
  }
});

test('bad input: a project file above the repository root is not used; outside a repository only the folder itself', async () => {
  const { core, repo, done } = await setUp();
  try {
    const parent = path.join(repo, 'home');
    const project = path.join(parent, 'project');
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.rmSync(path.join(repo, '.git'), { recursive: true });
    fs.mkdirSync(path.join(project, '.git'));
    fs.writeFileSync(path.join(parent, '.keydeck'), projectFileText(['OpenAI'], 'Production'));
    await core.trust.allow(path.join(parent, '.keydeck'));
    assert.equal(findProjectFile(path.join(project, 'src')), undefined);
    await assert.rejects(
      resolveExecEnv(core.credentials, { trust: core.trust, cwd: path.join(project, 'src') }),
      (err: Error) => {
        assert.equal((err as { code?: string }).code, 'INVALID_INPUT');
        assert.ok(
          err.message.includes(`${path.join(parent, '.keydeck')} is not used: it is above the repository root`),
        );
        return true;
      },
    );
    // Inside the repository, a parent up to the root counts.
    fs.writeFileSync(path.join(project, '.keydeck'), projectFileText(['OpenAI'], 'Production'));
    assert.equal(findProjectFile(path.join(project, 'src'))?.path, path.join(project, '.keydeck'));
    // Outside any repository: the working folder only.
    fs.rmSync(path.join(project, '.git'), { recursive: true });
    assert.equal(findProjectFile(path.join(project, 'src')), undefined);
    assert.equal(findProjectFile(project)?.path, path.join(project, '.keydeck'));
  } finally {
    await done();
  }
});

test('bad input: a project file naming a credential of another workspace is refused', async () => {
  const { core, repo, done } = await setUp();
  try {
    const file = path.join(repo, '.keydeck');
    // Declares Personal but names Production's Stripe.
    fs.writeFileSync(file, projectFileText(['OpenAI', 'Stripe'], 'Personal'));
    await assert.rejects(core.trust.allow(file), (err: Error) => {
      assert.equal((err as { code?: string }).code, 'CREDENTIAL_NOT_FOUND');
      assert.match(
        err.message,
        /only name credentials of workspace "Personal"; not there: Stripe \(in workspace "Production"\)/,
      );
      return true;
    });
    assert.deepEqual(core.trust.list(), []);
  } finally {
    await done();
  }
});

test('a project file without a workspace is allowed for the active workspace, and stays there', async () => {
  const { core, repo, done } = await setUp();
  try {
    const file = path.join(repo, '.keydeck');
    fs.writeFileSync(file, projectFileText(['OpenAI']));
    const rec = await core.trust.allow(file);
    assert.equal(rec.workspace, 'Personal');
    await core.workspaces.use('Production');
    const plan = await resolveExecEnv(core.credentials, { trust: core.trust, cwd: repo });
    assert.equal(plan.env.OPENAI_API_KEY, DEV_SECRET, 'the workspace recorded when allowed, not the active one');
    // --workspace that contradicts the file is refused rather than silently mixed.
    await assert.rejects(resolveExecEnv(core.credentials, { trust: core.trust, cwd: repo, workspace: 'Production' }), {
      code: 'INVALID_INPUT',
    });
  } finally {
    await done();
  }
});

test('--cred names resolve in the active workspace (or --workspace); a project file never changes that', async () => {
  const { core, repo, done } = await setUp();
  try {
    const file = path.join(repo, '.keydeck');
    fs.writeFileSync(file, projectFileText(['OpenAI'], 'Production'));
    await core.trust.allow(file);
    const plan = await resolveExecEnv(core.credentials, { trust: core.trust, cwd: repo, names: ['OpenAI'] });
    assert.equal(plan.env.OPENAI_API_KEY, DEV_SECRET);
    assert.equal(plan.projectFile, undefined);
    const prod = await resolveExecEnv(core.credentials, {
      trust: core.trust,
      cwd: repo,
      names: ['OpenAI'],
      workspace: 'Production',
    });
    assert.equal(prod.env.OPENAI_API_KEY, PROD_SECRET);
  } finally {
    await done();
  }
});

test('an env file is allowed by content; require takes the text the caller read', async () => {
  const { core, repo, done } = await setUp();
  try {
    const file = path.join(repo, '.env');
    const text = 'A=keydeck://Production/OpenAI\nB=plain\nC="keydeck://Stripe/header"\n';
    fs.writeFileSync(file, text);
    const req = { text, kind: 'env-file' as const, credentials: ['keydeck://Production/OpenAI'] };
    assert.throws(
      () => core.trust.require(file, req),
      (err: Error) => {
        assert.equal((err as { code?: string }).code, 'NOT_ALLOWED');
        assert.match(err.message, /1 reference: keydeck:\/\/Production\/OpenAI/);
        return true;
      },
    );
    const rec = await core.trust.allow(file);
    assert.equal(rec.kind, 'env-file');
    assert.deepEqual(rec.credentials, ['keydeck://Production/OpenAI', 'keydeck://Stripe/header']);
    assert.equal(core.trust.require(file, req).sha256, rec.sha256);
    assert.throws(() => core.trust.require(file, { ...req, text: text + '\n' }), { code: 'CHANGED_SINCE_ALLOWED' });
    // A symlink to an allowed env file is the same real file.
    fs.symlinkSync(file, path.join(repo, 'link.env'));
    assert.equal(core.trust.require(path.join(repo, 'link.env'), req).path, file);
  } finally {
    await done();
  }
});

test('bad input: a damaged catalog: the rebuilt one keeps allowed files (the recovery copy holds them) and forgets none', async () => {
  const { core, repo, done } = await setUp();
  try {
    const file = path.join(repo, '.keydeck');
    fs.writeFileSync(file, projectFileText(['OpenAI'], 'Production'));
    await core.trust.allow(file);
    const other = path.join(repo, 'sub', '.keydeck');
    fs.mkdirSync(path.dirname(other));
    fs.writeFileSync(other, projectFileText(['Stripe'], 'Production'));
    await core.trust.allow(other);
    await core.trust.deny(other);
    fs.writeFileSync(core.catalog.path, '{"format": 1, "workspaces": [oops');
    const fresh = createCoreForTest({ home: core.home, vault: core.vault });
    const notices = await fresh.credentials.open();
    assert.ok(
      notices.some((n) => n.code === 'CATALOG_RECOVERED'),
      JSON.stringify(notices),
    );
    assert.equal(fresh.trust.check(file).state, 'allowed');
    assert.equal(fresh.trust.check(other).state, 'not-allowed');
    const plan = await resolveExecEnv(fresh.credentials, { trust: fresh.trust, cwd: repo });
    assert.equal(plan.env.OPENAI_API_KEY, PROD_SECRET);
    plan.cleanup();
  } finally {
    await done();
  }
});
