/**
 * Handlers for the channels of `shared/ipc/jwt.ts`: pure functions over the core (no Electron), so
 * the e2e bridge runs them too. Validation of payloads happens before, in `dispatch`.
 * The realtime sandbox's channels are in `sandbox.ts`.
 */
import { KeydeckError } from '../../../shared/errors.js';
import type { jwtContract, SigningKeyView, VerifyView } from '../../../shared/ipc/jwt.js';
import type { SigningKey } from '../../../shared/domain.js';
import type { VerifySource } from '../../core/index.js';
import type { FeatureDeps, FeatureHandlers } from '../ipc-types.js';

export { stopAllSandboxes } from './sandbox.js';

/** The JWT workbench's channels (the sandbox's are served by `sandbox.ts`). */
export type JwtChannel = Exclude<keyof typeof jwtContract, `sandbox:${string}`>;

export function jwtHandlers(deps: FeatureDeps): FeatureHandlers<JwtChannel> {
  const { core, clipboard } = deps;
  // The JWT service loads with its first request (jose stays unloaded until then).
  const jwtService = (() => {
    let p: ReturnType<typeof load> | undefined;
    const load = async () => new (await core.load.jwt()).JwtService(core);
    return () => (p ??= load());
  })();

  const clearSeconds = () => core.settings.get().clipboardClearSeconds;

  const keyView = (k: SigningKey): SigningKeyView => {
    if (k.source !== 'credential' || !k.credentialId) return k;
    const cred = core.catalog.read().credentials.find((c) => c.id === k.credentialId);
    return cred ? { ...k, credentialName: cred.name } : k;
  };

  const source = (s: { kind: string; id?: string; secret?: string; json?: string; url?: string }): VerifySource => {
    switch (s.kind) {
      case 'credential':
        return { kind: 'credential', name: s.id! };
      case 'secret':
        return { kind: 'secret', secret: s.secret! };
      case 'jwk':
        return { kind: 'jwk', json: s.json! };
      case 'jwks-url':
        return { kind: 'jwks-url', url: s.url! };
      default:
        return { kind: 'local' };
    }
  };

  return {
    // ---- signing keys ----
    'jwt:keys': async ({ workspace }) => ({
      keys: (await jwtService()).signingKeys(workspace).map(keyView),
      jwks: (await jwtService()).jwks(workspace),
    }),
    'jwt:keys:create': async ({ alg, credential, workspace }) => {
      if (credential !== undefined) {
        if (alg !== 'HS256') {
          throw new KeydeckError(
            'INVALID_INPUT',
            'Only HS256 keys come from a realtime key; ES256 and EdDSA are generated.',
          );
        }
        const material = await (await jwtService()).keys.fromCredential(credential, workspace, 'jwt:signing-key');
        const meta = core.catalog.read().signingKeys.find((k) => k.kid === material.kid);
        if (!meta) throw new KeydeckError('SIGNING_KEY_NOT_FOUND', 'The signing key was not recorded.');
        return keyView(meta);
      }
      return keyView(await (await jwtService()).keys.create(alg, workspace));
    },
    'jwt:keys:remove': async ({ kid, workspace }) => {
      if (!(await jwtService()).signingKeys(workspace).some((k) => k.kid === kid)) {
        throw new KeydeckError('SIGNING_KEY_NOT_FOUND', `No signing key with kid "${kid}" in this workspace.`);
      }
      await (await jwtService()).keys.remove(kid);
      return { removed: true as const };
    },

    // ---- mint, decode, verify ----
    'jwt:mint': async ({ claims, ...req }) => {
      const extra = claims !== undefined && claims.trim() ? (await core.load.jwt()).parseClaimsJson(claims) : undefined;
      const m = await (await jwtService()).mint({ ...req, ...(extra ? { claims: extra } : {}) });
      return {
        token: m.token,
        header: m.header,
        claims: m.claims,
        expiresAt: m.expiresAt,
        alg: m.alg,
        kid: m.kid,
        forms: m.forms,
      };
    },
    'jwt:decode': async ({ token }) => (await jwtService()).decode(token),
    'jwt:verify': async ({ token, source: src, audience, issuer, scope, workspace }): Promise<VerifyView> => {
      const s = source(src);
      if (s.kind === 'local' && token.trim().startsWith('sk-live-'))
        return (await jwtService()).verifyApiKey(token, workspace);
      return (await jwtService()).verify(token, s, {
        ...(audience ? { audience } : {}),
        ...(issuer ? { issuer } : {}),
        ...(scope ? { scope } : {}),
        workspace,
      });
    },
    'jwt:copy': async ({ form, token, wsUrl }) => {
      (await jwtService()).decode(token); // refuses anything that is not a token (JWT_MALFORMED / JWT_TOO_LARGE)
      const forms = (await core.load.jwt()).copyForms(token.trim(), wsUrl);
      const text = form === 'raw' ? forms.raw : form === 'header' ? forms.header : forms.url;
      if (text === undefined) {
        throw new KeydeckError('INVALID_INPUT', 'Give the ws:// URL to copy the token as a URL.');
      }
      const seconds = clearSeconds();
      await clipboard.copy(text, seconds);
      return { form, clearAfterSeconds: seconds };
    },
    'jwt:jwks:copy': async ({ workspace }) => {
      const seconds = clearSeconds();
      await clipboard.copy(JSON.stringify((await jwtService()).jwks(workspace), null, 2), seconds);
      return { form: 'jwks' as const, clearAfterSeconds: seconds };
    },

    // ---- API keys and revocation ----
    'jwt:apikey:issue': async ({ userId, workspace }) => (await jwtService()).issueApiKey(userId, workspace),
    'jwt:revocations': async ({ workspace }) => (await jwtService()).revocations(workspace),
    'jwt:revoke': async ({ jti, reason, workspace }) => (await jwtService()).revoke(jti, { workspace, reason }),
    'jwt:unrevoke': async ({ jti, workspace }) => ({ removed: await (await jwtService()).unrevoke(jti, workspace) }),
  };
}
