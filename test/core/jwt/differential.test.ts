/**
 * Differential test: every token of a generated corpus is verified by Keydeck's core and by Debian's
 * PyJWT (test/core/jwt/pyjwt-oracle.py, sharing no code with Keydeck), configured the same way: the one
 * algorithm the key is for, exp required, the same audience, leeway and clock. Keydeck may be stricter
 * (each such case is printed with its reason) but never accepts what PyJWT refuses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jwksResolver, secretResolver, verifyToken } from '../../../electron/core/jwt/verify.js';
import { AUDIENCE, buildCorpus, HS_SECRET, LEEWAY, NOW, PUBLIC_JWK, type Case } from './differential-corpus.js';
import { skipUnless } from '../../harness/tools.js';

const ORACLE = fileURLToPath(new URL('./pyjwt-oracle.py', import.meta.url));

/** A python3 that imports Debian's jwt (pyenv's python3 on PATH may not). */
function findPython(): string | undefined {
  return ['/usr/bin/python3', 'python3'].find(
    (py) => spawnSync(py, ['-c', 'import jwt, cryptography'], { stdio: 'ignore' }).status === 0,
  );
}

interface OracleAnswer {
  id: string;
  ok: boolean;
  error?: string;
}

async function runOracle(
  python: string,
  cases: Case[],
): Promise<{ version: string; answers: Map<string, OracleAnswer> }> {
  const child = spawn(python, [ORACLE], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  for (const c of cases) {
    const key = c.alg === 'HS256' ? HS_SECRET : PUBLIC_JWK[c.alg];
    const line = {
      id: c.id,
      token: c.token,
      alg: c.alg,
      key,
      audience: AUDIENCE,
      leeway: LEEWAY,
      now: NOW,
      pasted: !!c.pasted,
    };
    child.stdin.write(JSON.stringify(line) + '\n');
  }
  child.stdin.end();
  assert.equal(await done, 0, 'the oracle exited cleanly');
  const [first, ...rest] = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const answers = new Map(rest.map((a) => [String(a.id), a as unknown as OracleAnswer]));
  return { version: String(first!.pyjwt), answers };
}

async function keydeck(c: Case): Promise<{ ok: boolean; reason?: string }> {
  const resolver = c.alg === 'HS256' ? secretResolver(HS_SECRET) : jwksResolver(PUBLIC_JWK[c.alg]);
  const r = await verifyToken(c.token, resolver, { now: NOW * 1000, audience: AUDIENCE, clockToleranceSec: LEEWAY });
  return r.ok ? { ok: true } : { ok: false, reason: r.reason };
}

const python = findPython();

test(
  'Keydeck never accepts a token PyJWT refuses (≥ 100 crafted tokens)',
  { skip: skipUnless(python, 'python3 with PyJWT (apt-get install python3-jwt)') },
  async () => {
    const cases = buildCorpus();
    assert.ok(cases.length >= 100, `${cases.length} cases`);
    assert.equal(new Set(cases.map((c) => c.id)).size, cases.length, 'case ids are unique');
    const { version, answers } = await runOracle(python!, cases);
    assert.equal(answers.size, cases.length);
    const laxer: string[] = [];
    const stricter: string[] = [];
    let bothOk = 0;
    let bothRefuse = 0;
    for (const c of cases) {
      const k = await keydeck(c);
      const p = answers.get(c.id)!;
      if (k.ok && p.ok) bothOk++;
      else if (!k.ok && !p.ok) bothRefuse++;
      else if (k.ok) laxer.push(`${c.id}: Keydeck accepts; PyJWT: ${p.error}`);
      else stricter.push(`${c.id}: Keydeck ${k.reason}; PyJWT accepts. ${c.note ?? 'UNEXPLAINED'}`);
    }
    console.log(
      `PyJWT ${version}: ${cases.length} tokens, ${bothOk} accepted by both, ${bothRefuse} refused by both, ` +
        `${stricter.length} refused by Keydeck only, ${laxer.length} accepted by Keydeck only`,
    );
    for (const line of stricter) console.log(`  stricter  ${line}`);
    for (const line of laxer) console.log(`  LAXER     ${line}`);
    assert.deepEqual(laxer, [], 'Keydeck accepts nothing PyJWT refuses');
    assert.deepEqual(
      stricter.filter((l) => l.endsWith('UNEXPLAINED')),
      [],
      'every case where Keydeck is stricter is explained',
    );
    // The corpus exercises both sides: plenty of valid tokens and plenty of refusals.
    assert.ok(bothOk >= 15 && bothRefuse >= 100, `${bothOk} / ${bothRefuse}`);
  },
);
