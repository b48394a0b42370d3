/**
 * Self-healing after a crash (issue 15 §6): a kill -9 loop over add, rotate, retire, rm and import,
 * each run as the real `keydeck` CLI (dist/cli, built by `node scripts/build.mjs`) and killed at a
 * random moment, then the next command's start (CredentialService.open, what every CLI command and the
 * app run first). After each one: no acknowledged write lost, no catalog row without its secret, no
 * keychain entry without its row, and every secret matching its fingerprint.
 *
 * KEYDECK_KILL_ITERATIONS (default 100) sets the length, KEYDECK_KILL_SEED replays a failing run (the
 * seed is printed with every failure).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createCore } from '../../electron/core/index.js';
import { KeyringVault } from '../../electron/core/vault.js';
import { fingerprint } from '../../electron/core/display.js';
import { openEnvelope, parseAccount } from '../../electron/core/envelope.js';
import { trashedAccounts } from '../../electron/core/trash.js';
import type { CatalogData, Credential } from '../../shared/domain.js';
import { BIN, cliEnv, runKeydeck, type CliEnv } from '../harness/cli.js';
import { hermeticEnv } from '../harness/core.js';

const ITERATIONS = Number(process.env.KEYDECK_KILL_ITERATIONS ?? 100);
const SEED = Number(process.env.KEYDECK_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: a small seeded RNG, so a failing run replays with its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Op = 'add' | 'rotate' | 'retire' | 'rm' | 'import';

interface Run {
  code: number | null;
  killed: boolean;
  ms: number;
  /** From the first write intent appearing to the command's exit (undefined if none appeared). */
  tailMs?: number;
  stderr: string;
}

/**
 * When to kill: `atMs` after the start, or `afterIntentMs` after the command records its first write
 * intent (the window where the keychain and the catalog are written), or never.
 */
interface KillPlan {
  atMs?: number;
  afterIntentMs?: number;
}

/** Runs the CLI, killing it with SIGKILL as planned unless it finished first. */
function runAndMaybeKill(cli: CliEnv, args: string[], input: string, plan: KillPlan): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let intentAt: number | undefined;
    const child = spawn(process.execPath, [BIN, ...args], { env: hermeticEnv(cli, cli.env), stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    let killed = false;
    const timers: NodeJS.Timeout[] = [];
    const kill = () => {
      killed = child.kill('SIGKILL');
    };
    if (plan.atMs !== undefined) timers.push(setTimeout(kill, plan.atMs));
    const watcher = fs.watch(path.join(cli.home, 'intents'), (_event, name) => {
      if (intentAt !== undefined || !name || !/^[0-9a-f-]{36}\.json$/.test(name)) return;
      intentAt = Date.now();
      if (plan.afterIntentMs !== undefined) timers.push(setTimeout(kill, plan.afterIntentMs));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      watcher.close();
      const end = Date.now();
      resolve({
        code,
        killed: killed && signal === 'SIGKILL',
        ms: end - started,
        ...(intentAt !== undefined ? { tailMs: end - intentAt } : {}),
        stderr,
      });
    });
    child.stdin.end(input);
  });
}

function readCatalog(home: string): CatalogData {
  return JSON.parse(fs.readFileSync(path.join(home, 'catalog.json'), 'utf8')) as CatalogData;
}

/** The store's consistency: every row has its secret, every entry its row, every secret its fingerprint. */
async function problems(home: string, vault: KeyringVault): Promise<string[]> {
  const data = readCatalog(home);
  const entries = new Map((await vault.entries()).map((e) => [e.account, e.value]));
  const out: string[] = [];
  const known = new Set<string>();
  for (const c of data.credentials) {
    for (const v of c.versions) {
      const account = `${c.kind}/${c.id}/v${v.version}`;
      known.add(account);
      const env = openEnvelope(entries.get(account) ?? '');
      if (!env) out.push(`dangling: "${c.name}" v${v.version} has no secret`);
      else if (fingerprint(env.secret) !== v.fingerprint) out.push(`mismatch: "${c.name}" v${v.version}`);
    }
    if (c.state !== 'ok') out.push(`"${c.name}" is ${c.state}`);
  }
  for (const k of data.signingKeys) known.add(`signing/${k.kid}`);
  // `rm` moves a credential to the trash; its entries stay until the trash is emptied.
  for (const account of trashedAccounts(data)) known.add(account);
  for (const account of entries.keys()) {
    if (!known.has(account)) out.push(`orphan: ${account} (${parseAccount(account) ? 'a version' : 'other'})`);
  }
  if (data.tombstones.length) out.push(`${data.tombstones.length} tombstone(s) left`);
  const intents = path.join(home, 'intents');
  if (fs.existsSync(intents) && fs.readdirSync(intents).length) out.push(`intents left: ${fs.readdirSync(intents)}`);
  return out;
}

const activeFp = (c: Credential) => c.versions.find((v) => v.status === 'active')?.fingerprint;

test('kill -9 during add, rotate, retire, rm and import: the next command heals; nothing lost, dangling, orphaned or mismatched', async (t) => {
  const random = rng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const cli = cliEnv({}, { rotationOverlapHours: 24 });
  const vault = new KeyringVault(cli.service);
  const core = createCore({ home: cli.home, service: cli.service });
  fs.mkdirSync(path.join(cli.home, 'intents'), { mode: 0o700 });
  const secret = (tag: string) => `kd-${tag}-${Math.floor(random() * 1e12).toString(36)}-abcdefghijklmnop`;
  t.after(async () => {
    for (const e of await vault.entries()) await vault.delete(e.account);
    fs.rmSync(cli.home, { recursive: true, force: true });
  });
  const fail = (msg: string) =>
    assert.fail(`${msg}\n(replay: KEYDECK_KILL_SEED=${SEED} KEYDECK_KILL_ITERATIONS=${ITERATIONS})`);

  const estimate = new Map<Op, { ms: number; tailMs: number }>();
  // Two backups of the same two credentials with different secrets, so every import overwrites them.
  const ageKey = path.join(cli.home, 'age-key.txt');
  spawnSync('age-keygen', ['-o', ageKey], { stdio: 'ignore' });
  const recipient = /public key: (age1\w+)/.exec(fs.readFileSync(ageKey, 'utf8'))![1]!;
  const backups: { file: string; fps: Map<string, string> }[] = [];
  for (const round of [1, 2]) {
    for (const name of ['Imp A', 'Imp B']) {
      const args = round === 1 ? ['add', name, '--kind', 'standard', '--provider', 'custom'] : ['rotate', name];
      const r = await runAndMaybeKill(cli, args, secret(`imp${round}`), {});
      assert.equal(r.code, 0, r.stderr);
      // First guesses of each command's duration, refined by every run that is not killed.
      for (const op of round === 1 ? (['add', 'rm', 'retire'] as const) : (['rotate', 'import'] as const))
        estimate.set(op, { ms: r.ms, tailMs: r.tailMs ?? 100 });
    }
    const file = path.join(cli.home, `backup-${round}.age`);
    const r = await runKeydeck(cli, ['export', '--recipient', recipient, '-o', file], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    backups.push({ file, fps: new Map(readCatalog(cli.home).credentials.map((c) => [c.name, activeFp(c)!])) });
  }

  /** What acknowledged writes promised: a name's active fingerprint, or its absence (null). */
  const expected = new Map<string, string | null>(readCatalog(cli.home).credentials.map((c) => [c.name, activeFp(c)!]));
  const retiredPromised = new Map<string, number>();
  const tally = { kills: 0, acknowledged: 0, healedNotices: 0 };
  let added = 0;

  for (let i = 0; i < ITERATIONS; i++) {
    const creds = readCatalog(cli.home).credentials;
    const names = creds.map((c) => c.name);
    const retiring = creds.filter((c) => c.versions.some((v) => v.status === 'retiring'));
    const ops: Op[] = ['add', 'rotate', 'import', 'rm'];
    if (retiring.length) ops.push('retire');
    const op: Op = names.length > 7 ? 'rm' : names.length < 3 ? 'add' : pick(ops);
    let args: string[];
    let input = '';
    let promise: () => void;
    if (op === 'add') {
      const name = `K${++added}`;
      input = secret('add');
      args = ['add', name, '--kind', 'standard', '--provider', 'custom'];
      promise = () => expected.set(name, fingerprint(input));
    } else if (op === 'rotate') {
      const name = pick(names);
      input = secret('rot');
      args = ['rotate', name];
      promise = () => expected.set(name, fingerprint(input));
    } else if (op === 'retire') {
      const c = pick(retiring);
      const v = c.versions.find((x) => x.status === 'retiring')!.version;
      args = ['retire', c.name, '--version', String(v)];
      promise = () => retiredPromised.set(`${c.id}/${v}`, v);
    } else if (op === 'rm') {
      const name = pick(
        names.filter((n) => !n.startsWith('Imp')).length ? names.filter((n) => !n.startsWith('Imp')) : names,
      );
      args = ['rm', name, '--yes'];
      promise = () => expected.set(name, null);
    } else {
      const b = pick(backups);
      args = ['import', b.file, '--identity', ageKey, '--yes'];
      promise = () => {
        for (const [n, fp] of b.fps) expected.set(n, fp);
      };
    }
    const est = estimate.get(op) ?? { ms: 1000, tailMs: 100 };
    const roll = random();
    const plan: KillPlan =
      roll < 0.45
        ? { afterIntentMs: Math.round(random() * est.tailMs * 1.2) }
        : roll < 0.85
          ? { atMs: Math.round(est.ms * (0.3 + random() * 0.9)) }
          : {};
    const kill = plan.atMs ?? plan.afterIntentMs;
    const run = await runAndMaybeKill(cli, args, input, plan);
    const what = `iteration ${i}: ${args.slice(0, 2).join(' ')}${run.killed ? ` killed ${plan.atMs !== undefined ? `${kill} ms after its start` : `${kill} ms after its write intent`}` : ` exit ${run.code}`}`;
    if (!run.killed) {
      if (run.code !== 0) fail(`${what} failed: ${run.stderr}`);
      const prev = estimate.get(op) ?? { ms: run.ms, tailMs: run.tailMs ?? 100 };
      estimate.set(op, {
        ms: Math.round((prev.ms + run.ms) / 2),
        tailMs: Math.round((prev.tailMs + (run.tailMs ?? prev.tailMs)) / 2),
      });
      tally.acknowledged++;
      promise();
    } else {
      tally.kills++;
    }

    // The next command: every CLI command and the app start with open().
    const notices = await core.credentials.open();
    tally.healedNotices += notices.filter((n) => n.code.startsWith('INTERRUPTED_WRITE')).length;
    const found = await problems(cli.home, vault);
    if (found.length) fail(`${what}: ${found.join('; ')}`);

    const now = readCatalog(cli.home).credentials;
    if (run.killed) {
      // A killed command may have committed or not: take what is there as the new truth for its names.
      for (const n of new Set([...expected.keys()])) {
        const c = now.find((x) => x.name === n);
        expected.set(n, c ? activeFp(c)! : null);
      }
    }
    for (const [n, fp] of expected) {
      const c = now.find((x) => x.name === n);
      if ((c ? activeFp(c) : null) !== fp) fail(`${what}: lost an acknowledged write to "${n}"`);
    }
    if (op === 'import') {
      // An import puts its credentials back as the backup has them, statuses included.
      const imported = new Set(now.filter((c) => c.name.startsWith('Imp')).map((c) => c.id));
      for (const key of [...retiredPromised.keys()]) if (imported.has(key.split('/')[0]!)) retiredPromised.delete(key);
    }
    for (const key of retiredPromised.keys()) {
      const [id, v] = key.split('/');
      const c = now.find((x) => x.id === id);
      const ver = c?.versions.find((x) => x.version === Number(v));
      if (ver && ver.status !== 'retired') fail(`${what}: a retire of ${key} was lost`);
    }
  }
  t.diagnostic(
    `seed ${SEED}: ${ITERATIONS} iterations, ${tally.kills} kills, ${tally.acknowledged} acknowledged, ${tally.healedNotices} interrupted writes healed`,
  );
  assert.ok(tally.kills > 0);
});
