/** Helpers for benches: timing (percentiles over repeated runs, printed, never asserted) and catalog setup. */
import { randomUUID } from 'node:crypto';
import { displayPrefix, fingerprint } from '../electron/core/display.js';
import type { Credential } from '../shared/domain.js';
import type { CoreForTest } from '../test/harness/core.js';

export async function timeMany(n: number, fn: () => unknown | Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export function fmtMs(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

export function line(label: string, value: string, target?: string): void {
  console.log(`${label.padEnd(58)} ${value.padStart(14)}${target ? `   (target ${target})` : ''}`);
}

/**
 * A metadata-only credential (no keychain entry: listing, searching and updating never read one), with
 * a fresh random fingerprint; `shape` varies what a bench needs varied (kind, provider, audience…).
 */
export function benchCredential(
  i: number,
  workspaceId: string,
  now: string,
  shape: Partial<Credential> = {},
): Credential {
  const secret = `sk-bench-${i.toString(36)}-${randomUUID()}`;
  const version = {
    version: 1,
    status: 'active' as const,
    createdAt: now,
    displayPrefix: displayPrefix(secret),
    fingerprint: fingerprint(secret),
  };
  return {
    id: randomUUID(),
    name: `service ${i}`,
    workspaceId,
    kind: 'standard',
    audience: 'secret',
    provider: 'custom',
    authScheme: 'bearer',
    envVar: 'API_KEY',
    scopes: ['chat'],
    writePermissions: [],
    allowedOrigins: [],
    allowedAssistants: [],
    tags: [`team-${i % 20}`, i % 2 ? 'prod' : 'dev'],
    note: '',
    createdAt: now,
    updatedAt: now,
    displayPrefix: version.displayPrefix,
    fingerprint: version.fingerprint,
    versions: [version],
    state: 'ok',
    ...shape,
  };
}

/**
 * Fills a core's catalog with `n` credentials in one write, through the test seam (a bench, like a test,
 * may write the catalog directly; the core it hands out does not let anyone else). Returns the workspace.
 */
export async function seedCatalog(
  core: CoreForTest,
  n: number,
  make: (i: number, workspaceId: string, now: string) => Credential = benchCredential,
): Promise<string> {
  const ws = core.workspaces.active();
  const now = new Date().toISOString();
  await core.catalog.mutate((d) => {
    for (let i = 0; i < n; i++) d.credentials.push(make(i, ws.id, now));
  });
  return ws.id;
}
