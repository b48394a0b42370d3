/**
 * The CLI's whole-process cost against Node's own start-up, measured in the same run: each command and
 * its baseline are run in turns (so a loaded machine slows both alike), and the medians of wall time,
 * CPU time (user + sys) and peak memory are printed with their ratio to `node -e 0`, beside the issue's
 * targets. Also `header` against `secret-tool lookup` of the same entry.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createCoreForTest } from '../test/harness/core.js';
import type { Credential } from '../shared/domain.js';
import type { BenchModule } from './run.js';

const BIN = path.resolve('bin/keydeck.js');
const ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 9);

interface Sample {
  wall: number;
  cpu: number;
  rssKb: number;
}

function once(cmd: string[], env: NodeJS.ProcessEnv): Sample {
  const out = path.join(os.tmpdir(), `keydeck-bench-time-${process.pid}`);
  const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%e %U %S %M', ...cmd], { env, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} exited ${r.status}`);
  const [e, u, s, m] = fs.readFileSync(out, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
  return { wall: e! * 1000, cpu: (u! + s!) * 1000, rssKb: m! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs each command `ROUNDS` times, interleaved, and returns the medians per label. */
function measure(cmds: Record<string, string[]>, env: NodeJS.ProcessEnv): Record<string, Sample> {
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
  for (const cmd of Object.values(cmds)) once(cmd, env); // warm the file cache
  for (let i = 0; i < ROUNDS; i++) {
    for (const [label, cmd] of Object.entries(cmds)) samples[label]!.push(once(cmd, env));
  }
  return Object.fromEntries(
    Object.entries(samples).map(([k, s]) => [
      k,
      { wall: median(s.map((x) => x.wall)), cpu: median(s.map((x) => x.cpu)), rssKb: median(s.map((x) => x.rssKb)) },
    ]),
  );
}

function report(m: Record<string, Sample>, base: string, rows: [string, string, string?][]): void {
  const b = m[base]!;
  console.log(
    `${'command'.padEnd(44)} ${'wall'.padStart(8)} ${'×'.padStart(6)} ${'cpu'.padStart(8)} ${'×'.padStart(6)} ${'peak'.padStart(8)}  target`,
  );
  for (const [label, key, target] of rows) {
    const s = m[key]!;
    const ref = key.startsWith('exec') ? m['node+true']! : b;
    console.log(
      `${label.padEnd(44)} ${s.wall.toFixed(0).padStart(6)}ms ${(s.wall / ref.wall).toFixed(2).padStart(6)} ${s.cpu
        .toFixed(0)
        .padStart(
          6,
        )}ms ${(s.cpu / ref.cpu).toFixed(2).padStart(6)} ${(s.rssKb / 1024).toFixed(0).padStart(5)}MiB  ${target ?? ''}`,
    );
  }
}

function fakeCredential(i: number, workspaceId: string, template: Credential): Credential {
  return {
    ...template,
    id: randomUUID(),
    name: `bulk key ${i}`,
    workspaceId,
    tags: ['bulk'],
    versions: template.versions,
  };
}

async function setup(count: number) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-bench-cli-'));
  const service = `keydeck-bench-${randomUUID().slice(0, 8)}`;
  const core = createCoreForTest({ home, service });
  await core.settings.update({ validateOnSave: false });
  const { credential } = await core.credentials.create(
    { name: 'OpenAI', kind: 'byok', provider: 'openai' },
    'sk-proj-bench0000000000000000000000000000',
  );
  if (count > 1) {
    // Metadata only: `header OpenAI` reads one keychain entry whatever the catalog's size.
    const file = path.join(home, 'catalog.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { credentials: Credential[] };
    for (let i = 1; i < count; i++) data.credentials.push(fakeCredential(i, credential.workspaceId, credential));
    fs.writeFileSync(file, JSON.stringify(data, null, '\t'));
  }
  const env = { ...process.env, KEYDECK_HOME: home, KEYDECK_SERVICE: service };
  const account = (await core.vault.entries())[0]!.account;
  return {
    env,
    account,
    service,
    size: fs.statSync(path.join(home, 'catalog.json')).size,
    async cleanup() {
      for (const e of await core.vault.entries()) await core.vault.delete(e.account);
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

const bench: BenchModule = {
  title: 'CLI start-up: whole process against `node -e 0` (medians, same run)',
  async run() {
    if (!fs.existsSync('dist/cli/keydeck.js')) throw new Error('build first: node scripts/build.mjs');
    const node = process.execPath;
    const cache = 'enableCompileCache' in (await import('node:module')).default;
    console.log(
      `Node ${process.version}; V8 compile cache ${cache ? 'on (module.enableCompileCache)' : 'not available (Node < 22.1)'}`,
    );
    console.log(
      'peak = peak resident memory; the warm-up runs check and stamp the catalog, then index it (catalog.json.index),',
    );
    console.log('so at 10,000 credentials header/env/read read one row through the index, list parses the whole file.');
    for (const count of [1, 10_000]) {
      const s = await setup(count);
      try {
        console.log(`\n${count} credential(s), catalog ${(s.size / 1024).toFixed(0)} KiB, ${ROUNDS} rounds:`);
        const cmds: Record<string, string[]> = {
          'node -e 0': [node, '-e', '0'],
          'node+true': ['sh', '-c', `${node} -e 0 && true`],
          version: [node, BIN, '--version'],
          help: [node, BIN, '--help'],
          header: [node, BIN, 'header', 'OpenAI'],
          env: [node, BIN, 'env', 'OpenAI'],
          read: [node, BIN, 'read', 'keydeck://OpenAI'],
          list: [node, BIN, 'list', '--json'],
          exec: [node, BIN, 'exec', '--cred', 'OpenAI', '--', 'true'],
          'secret-tool': ['secret-tool', 'lookup', 'service', s.service, 'username', s.account],
        };
        if (count > 1) for (const k of ['version', 'help', 'exec', 'node+true']) delete cmds[k];
        const m = measure(cmds, s.env);
        const one = count === 1;
        report(m, 'node -e 0', [
          ['node -e 0 (baseline)', 'node -e 0'],
          ...(one
            ? ([
                ['keydeck --version', 'version', '≤ 1.3×'],
                ['keydeck --help', 'help', '≤ 1.3×'],
              ] as [string, string, string][])
            : []),
          ['keydeck header NAME', 'header', one ? '≤ 1.6×' : '≤ 2×'],
          ['keydeck env NAME', 'env', one ? '≤ 1.6×' : '≤ 2×'],
          ['keydeck read REF', 'read', one ? '≤ 1.6×' : '≤ 2×'],
          ['keydeck list --json', 'list', one ? '' : '≤ 3×'],
          ...(one
            ? ([['keydeck exec --cred NAME -- true (vs node+true)', 'exec', '≤ 1.8×']] as [string, string, string][])
            : []),
          ['secret-tool lookup (same entry)', 'secret-tool'],
        ]);
        const st = m['secret-tool']!;
        console.log(
          `header / secret-tool lookup: ${(m.header!.wall / st.wall).toFixed(1)}× wall, ${(m.header!.cpu / Math.max(st.cpu, 1)).toFixed(1)}× cpu`,
        );
      } finally {
        await s.cleanup();
      }
    }
  },
};
export default bench;
