import type { Credential } from '../../shared/domain.js';
import { PROVIDER_DESCRIPTORS, type ProviderId } from '../../shared/providers.js';

/** A catalog entry for a provider, its defaults unless overridden (no keychain involved). */
export function credFor(provider: ProviderId, over: Partial<Credential> = {}): Credential {
  const now = new Date().toISOString();
  const d = PROVIDER_DESCRIPTORS[provider];
  return {
    id: `id-${provider}`,
    name: provider,
    workspaceId: 'w',
    kind: provider === 'inworld' || provider === 'custom' ? 'standard' : 'byok',
    audience: 'secret',
    provider,
    authScheme: d.authScheme,
    envVar: d.envVar,
    scopes: [],
    writePermissions: [],
    allowedOrigins: [],
    allowedAssistants: [],
    tags: [],
    note: '',
    createdAt: now,
    updatedAt: now,
    displayPrefix: 'x',
    fingerprint: 'y',
    versions: [{ version: 1, status: 'active', createdAt: now, displayPrefix: 'x', fingerprint: 'y' }],
    state: 'ok',
    ...over,
  };
}
