/**
 * A metadata-only credential row for seeding a large catalog (benches, the 1,000-key UI tests): listing,
 * search and the palette never touch the keychain, so no secret is stored for it.
 */
import { randomUUID } from 'node:crypto';
import type { Credential } from '../../shared/domain.js';

export function fakeCredential(i: number, workspaceId: string): Credential {
  const now = new Date(Date.now() - (i % 400) * 86_400_000).toISOString();
  const kind = i % 3 === 0 ? 'realtime' : 'standard';
  const prefix = `ik-${(i * 7919).toString(36).padStart(8, '0').slice(0, 8)}`;
  const fp = `sha256:${(i * 2654435761).toString(16).padStart(16, '0').slice(0, 16)}`;
  return {
    id: randomUUID(),
    name: `Service ${i} ${['prod', 'staging', 'dev', 'ci'][i % 4]}`,
    workspaceId,
    kind,
    audience: 'secret',
    provider: i % 5 === 0 ? 'custom' : 'inworld',
    authScheme: 'basic',
    envVar: 'INWORLD_API_KEY',
    scopes: [],
    writePermissions: [],
    allowedOrigins: [],
    allowedAssistants: [],
    tags: [['prod', 'staging', 'dev', 'ci'][i % 4]!, `team-${i % 17}`],
    note: '',
    createdAt: now,
    updatedAt: now,
    displayPrefix: prefix,
    fingerprint: fp,
    versions: [{ version: 1, status: 'active', createdAt: now, displayPrefix: prefix, fingerprint: fp }],
    state: 'ok',
  };
}
