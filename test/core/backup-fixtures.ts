/** Backups for bulk tests and benches: built in memory, no keychain involved. */
import { randomUUID } from 'node:crypto';
import type { Credential } from '../../shared/domain.js';
import { displayPrefix, fingerprint } from '../../electron/core/display.js';
import { BACKUP_FORMAT, type BackupDocument } from '../../electron/core/backup/index.js';

/** A backup of `n` custom credentials, one version each. */
export function bigBackup(n: number): BackupDocument {
  const now = new Date().toISOString();
  const ws = { id: randomUUID(), name: 'Bulk', createdAt: now };
  const credentials: Credential[] = [];
  const secrets: BackupDocument['secrets'] = [];
  for (let i = 0; i < n; i++) {
    const secret = `tok_bulk${String(i).padStart(5, '0')}SECRETabcdef0123456789`;
    const id = randomUUID();
    const fp = fingerprint(secret);
    const prefix = displayPrefix(secret);
    credentials.push({
      id,
      name: `bulk-${i}`,
      workspaceId: ws.id,
      kind: 'standard',
      audience: 'secret',
      provider: 'custom',
      authScheme: 'bearer',
      envVar: `BULK_${i}_API_KEY`,
      scopes: [],
      writePermissions: [],
      allowedOrigins: [],
      allowedAssistants: [],
      tags: [],
      note: '',
      createdAt: now,
      updatedAt: now,
      displayPrefix: prefix,
      fingerprint: fp,
      versions: [{ version: 1, status: 'active', createdAt: now, displayPrefix: prefix, fingerprint: fp }],
      state: 'ok',
    });
    secrets.push({ credentialId: id, version: 1, secret });
  }
  return {
    keydeck: 'backup',
    format: BACKUP_FORMAT,
    createdAt: now,
    workspace: null,
    workspaces: [ws],
    credentials,
    secrets,
    signingKeys: [],
    signingSecrets: [],
    revocations: [],
  };
}
