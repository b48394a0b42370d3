/**
 * Self-healing after a crash (issue 15 §6): a kill -9 loop over add, rotate, retire, rm and import,
 * each run as the real `keydeck` CLI (dist/cli, built by `node scripts/build.mjs`) and killed at a
 * random moment, then the next command's start (CredentialService.open, what every CLI command and the
 * app run first). After each one: no acknowledged write lost, no catalog row without its secret, no
 * keychain entry without its row, and every secret matching its fingerprint.
 *
 * `npm test` runs a short, targeted loop: the operations take turns; each of the five first finishes once
 * (measuring its duration and its file-system steps), then is killed twice inside its write window, right
 * at a random one of its steps in the home (taking the lock, the write intent, the recovery file, the
 * catalog's temp file and rename, the lock's release…, seen with fs.watch, so load does not move the
 * point), and once at a random moment of its whole run. The soak mode
 * (KEYDECK_SOAK=1) runs the long random loop: 150 iterations, the operation and the kill drawn at random.
 * KEYDECK_KILL_ITERATIONS sets the length in either mode, KEYDECK_KILL_SEED replays a failing run (the
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
import { BIN, cliEnv, runKeydeckHere, type CliEnv } from '../harness/cli.js';
import { hermeticEnv } from '../harness/core.js';

const SOAK = process.env.KEYDECK_SOAK === '1';
/** Short mode: 4 rounds of the 5 operations (1 finishing, 2 killed in the write window, 1 at any moment). */
const ITERATIONS = Number(process.env.KEYDECK_KILL_ITERATIONS ?? (SOAK ? 150 : 20));
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
const OPS: readonly Op[] = ['add', 'rotate', 'retire', 'rm', 'import'];

/** How an iteration ends: killed in its write window, killed at any moment of its run, or not killed. */
type KillKind = 'window' | 'anytime' | 'none';
/**
 * Short mode's rounds: every operation finishes once (measuring it), then is killed in its write window
 * (where damage is possible) twice and at any moment once.
 */
const ROUNDS: readonly KillKind[] = ['none', 'window', 'anytime', 'window'];

interface Run {
  code: number | null;
  killed: boolean;
  ms: number;
  /** The file-system steps seen in the home and its intents folder (lock, intent, recovery file, catalog…). */
  steps: number;
  stderr: string;
}

/**
 * When to kill: `atMs` after the start, or right at the command's `atStep`-th file-system step in its home
 * (taking the lock, writing an intent, the recovery file, the catalog's temp file, its rename, releasing
 * the lock…: the write window, step by step, whatever the machine's load), or never.
 */
interface KillPlan {
  atMs?: number;
  atStep?: number;
}

/** Runs the CLI, killing it with SIGKILL as planned unless it finished first. */
function runAndMaybeKill(cli: CliEnv, args: string[], input: string, plan: KillPlan): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { env: hermeticEnv(cli, cli.env), stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    let killed = false;
    let steps = 0;
    const kill = () => {
      killed = child.kill('SIGKILL');
    };
    const timer = plan.atMs !== undefined ? setTimeout(kill, plan.atMs) : undefined;
    const step = () => {
      if (++steps === plan.atStep) kill();
    };
    const watchers = [fs.watch(cli.home, step), fs.watch(path.join(cli.home, 'intents'), step)];
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      resolve({ code, killed: killed && signal === 'SIGKILL', ms: Date.now() - started, steps, stderr });
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

  /** Each operation's duration and file-system steps, measured by its last run that was not killed. */
  const estimate = new Map<Op, { ms: number; steps: number }>();
  // Two backups of the same two credentials with different secrets, so every import overwrites them, and
  // two more credentials, so the loop starts with names to rotate and remove. The setup runs in this
  // process (runKeydeckHere): only the loop's commands are the thing tested.
  const ageKey = path.join(cli.home, 'age-key.txt');
  spawnSync('age-keygen', ['-o', ageKey], { stdio: 'ignore' });
  const recipient = /public key: (age1\w+)/.exec(fs.readFileSync(ageKey, 'utf8'))![1]!;
  const backups: { file: string; fps: Map<string, string> }[] = [];
  const here = async (args: string[], input?: string) => {
    const r = await runKeydeckHere(cli, args, input === undefined ? {} : { input });
    assert.equal(r.code, 0, r.stderr);
  };
  for (const round of [1, 2]) {
    for (const name of ['Imp A', 'Imp B']) {
      if (round === 1) await here(['add', name, '--kind', 'standard', '--provider', 'custom'], secret('imp1'));
      else await here(['rotate', name], secret('imp2'));
    }
    const file = path.join(cli.home, `backup-${round}.age`);
    await here(['export', '--recipient', recipient, '-o', file]);
    backups.push({ file, fps: new Map(readCatalog(cli.home).credentials.map((c) => [c.name, activeFp(c)!])) });
  }
  for (const name of ['Seed 1', 'Seed 2'])
    await here(['add', name, '--kind', 'standard', '--provider', 'custom'], secret('seed'));

  /** What acknowledged writes promised: a name's active fingerprint, or its absence (null). */
  const expected = new Map<string, string | null>(readCatalog(cli.home).credentials.map((c) => [c.name, activeFp(c)!]));
  const retiredPromised = new Map<string, number>();
  const tally = { kills: 0, acknowledged: 0, healedNotices: 0 };
  /** Per operation: kills and runs that finished, so the diagnostic shows what the loop covered. */
  const covered = new Map<Op, { kills: number; finished: number }>(OPS.map((o) => [o, { kills: 0, finished: 0 }]));
  let added = 0;

  for (let i = 0; i < ITERATIONS; i++) {
    const creds = readCatalog(cli.home).credentials;
    const names = creds.map((c) => c.name);
    const retiring = creds.filter((c) => c.versions.some((v) => v.status === 'retiring'));
    const ops: Op[] = ['add', 'rotate', 'import', 'rm'];
    if (retiring.length) ops.push('retire');
    // Short mode: the operations take turns (one the catalog cannot take now is replaced by a random one).
    const turn = OPS[i % OPS.length]!;
    const wanted: Op | undefined = SOAK ? undefined : ops.includes(turn) ? turn : undefined;
    const op: Op = names.length > 7 ? 'rm' : names.length < 3 ? 'add' : (wanted ?? pick(ops));
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
    const est = estimate.get(op) ?? { ms: 1000, steps: 1 };
    const roll = random();
    // An operation's first run is not killed: it measures how long the operation and its write window take.
    const kind: KillKind = !estimate.has(op)
      ? 'none'
      : SOAK
        ? roll < 0.45
          ? 'window'
          : roll < 0.85
            ? 'anytime'
            : 'none'
        : ROUNDS[Math.floor(i / OPS.length) % ROUNDS.length]!;
    // The last step (the lock's release or the intent's removal) ends the run: kill before it.
    const plan: KillPlan =
      kind === 'window'
        ? { atStep: 1 + Math.floor(random() * Math.max(1, est.steps - 1)) }
        : kind === 'anytime'
          ? { atMs: Math.round(est.ms * (0.3 + random() * 0.9)) }
          : {};
    const run = await runAndMaybeKill(cli, args, input, plan);
    const what = `iteration ${i}: ${args.slice(0, 2).join(' ')}${run.killed ? ` killed ${plan.atMs !== undefined ? `${plan.atMs} ms after its start` : `at file-system step ${plan.atStep} of ${est.steps}`}` : ` exit ${run.code}`}`;
    if (!run.killed) {
      if (run.code !== 0) fail(`${what} failed: ${run.stderr}`);
      estimate.set(op, { ms: run.ms, steps: Math.max(1, run.steps) });
      tally.acknowledged++;
      covered.get(op)!.finished++;
      promise();
    } else {
      tally.kills++;
      covered.get(op)!.kills++;
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
  const perOp = [...covered].map(([o, c]) => `${o} ${c.kills}/${c.finished}`).join(', ');
  t.diagnostic(
    `seed ${SEED}: ${ITERATIONS} iterations${SOAK ? ' (soak)' : ''}, ${tally.kills} kills, ${tally.acknowledged} acknowledged, ${tally.healedNotices} interrupted writes healed; killed/finished per operation: ${perOp}`,
  );
  assert.ok(tally.kills > 0);
});
