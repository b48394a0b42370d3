/**
 * `import-env` on a 1,000-line `.env` (10 secrets among 990 plain settings, issue 16 §4's bad input):
 * the plan against its floor, the shared dotenv grammar reading the same text (`parseEnvFile`); then
 * plan + apply (10 credentials into the throwaway keychain, the rewrite, the trust record) against the
 * same 10 `credentials.create` calls alone. Ratios in the same run; nothing asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnvFile } from '../electron/core/env-file.js';
import { applyEnvImport, planEnvImport } from '../electron/core/migrate/index.js';
import { makeTestCore } from '../test/harness/core.js';
import type { BenchModule } from './run.js';
import { fmtMs, line, pct, timeMany } from './util.js';

const LINES = 1000;

function envText(tag: string): string {
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    lines.push(i % 100 === 0 ? `SVC_${i}_TOKEN=tok_${tag}_${i}_${'k'.repeat(24)}` : `SETTING_${i}=value-${i}`);
  }
  return lines.join('\n') + '\n';
}

const bench: BenchModule = {
  title: 'import-env: a 1,000-line .env',
  async run() {
    const core = makeTestCore();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-bench-import-env-'));
    try {
      const file = path.join(dir, '.env');
      const text = envText('plan');
      fs.writeFileSync(file, text);
      const parse = await timeMany(50, () => parseEnvFile(text, { file }));
      const plan = await timeMany(20, () => planEnvImport(core, file));
      line('parseEnvFile (floor), p50', fmtMs(pct(parse, 50)));
      line('planEnvImport, p50', fmtMs(pct(plan, 50)));
      line('plan / parse', `${(pct(plan, 50) / pct(parse, 50)).toFixed(1)}×`);

      const rounds = 3;
      const creates: number[] = [];
      const imports: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const ws = `bench-${r}`;
        await core.workspaces.add(ws);
        await core.workspaces.add(`${ws}-base`);
        let t = performance.now();
        for (let i = 0; i < LINES; i += 100) {
          await core.credentials.create(
            { name: `base ${i}`, kind: 'standard', provider: 'custom', workspace: `${ws}-base` },
            `tok_base${r}_${i}_${'k'.repeat(24)}`,
          );
        }
        creates.push(performance.now() - t);
        fs.writeFileSync(file, envText(`r${r}`));
        t = performance.now();
        await applyEnvImport(core, await planEnvImport(core, file, { workspace: ws }));
        imports.push(performance.now() - t);
      }
      line('10 credentials.create (baseline), p50', fmtMs(pct(creates, 50)));
      line('import-env plan + apply (10 secrets), p50', fmtMs(pct(imports, 50)));
      line('import / creates', `${(pct(imports, 50) / pct(creates, 50)).toFixed(2)}×`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await core.cleanup();
    }
  },
};
export default bench;
