// Runs every test of the given files on its own (`--test-name-pattern` with the test's exact name), to show
// that no test depends on another having run first. Usage (inside the throwaway keyring):
//   scripts/with-keyring.sh node scripts/test-alone.mjs test/core/credential-service.test.ts …
import { spawnSync } from 'node:child_process';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node scripts/test-alone.mjs TEST_FILE…');
  process.exit(2);
}
const run = (file, pattern) =>
  spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=tap', ...(pattern ? ['--test-name-pattern', pattern] : []), file],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

let failed = 0;
let total = 0;
for (const file of files) {
  // The leaf tests: TAP lines "ok N - name" / "not ok N - name" that carry no nested subtests.
  const whole = run(file).stdout.split('\n');
  const names = [];
  for (let i = 0; i < whole.length; i++) {
    const m = /^(\s*)(?:not )?ok \d+ - (.*)$/.exec(whole[i]);
    if (!m) continue;
    const next = whole.slice(i + 1).find((l) => /^\s*(type: |# Subtest|(?:not )?ok )/.test(l)) ?? '';
    if (!/type: 'suite'/.test(next)) names.push(m[2].replace(/ # (SKIP|TODO).*$/, ''));
  }
  for (const name of names) {
    total++;
    const r = run(file, `^${escape(name)}$`);
    const ok = r.status === 0 && /^# pass [1-9]/m.test(r.stdout);
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${file} › ${name}`);
  }
}
console.log(`\n${total - failed}/${total} tests pass when run alone`);
process.exit(failed ? 1 : 0);
