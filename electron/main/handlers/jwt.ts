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
import { overLoaded } from './loaded.js';

export { stopAllSandboxes } from './sandbox.js';

/** The JWT workbench's channels (the sandbox's are served by `sandbox.ts`). */
export type JwtChannel = Exclude<keyof typeof jwtContract, `sandbox:${string}`>;

export function jwtHandlers(deps: FeatureDeps): FeatureHandlers<JwtChannel> {
  const { core, clipboard } = deps;
  const clearSeconds = () => core.settings.get().clipboardClearSeconds;

  /** A signing key as the screen lists it: a realtime key's HS256 key carries that credential's name. */
  const keyView = (k: SigningKey): SigningKeyView => {
    const cred = k.source === 'credential' && k.credentialId ? core.credentials.byId(k.credentialId) : undefined;
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

  // The JWT module and its service load with the first request (jose stays unloaded until then).
  const load = async () => {
    const lib = await core.load.jwt();
    return { lib, jwt: new lib.JwtService(core) };
  };

  return overLoaded(load, {
    // ---- signing keys ----
    'jwt:keys': async ({ jwt }, { workspace }) => ({
      keys: jwt.signingKeys(workspace).map(keyView),
      jwks: jwt.jwks(workspace),
    }),
    'jwt:keys:create': async ({ jwt }, { alg, credential, workspace }) => {
      if (credential === undefined) return keyView(await jwt.keys.create(alg, workspace));
      if (alg !== 'HS256') {
        throw new KeydeckError(
          'INVALID_INPUT',
          'Only HS256 keys come from a realtime key; ES256 and EdDSA are generated.',
        );
      }
      const material = await jwt.keys.fromCredential(credential, workspace, 'jwt:signing-key');
      const meta = jwt.keys.meta(material.kid);
      if (!meta) throw new KeydeckError('SIGNING_KEY_NOT_FOUND', 'The signing key was not recorded.');
      return keyView(meta);
    },
    'jwt:keys:remove': async ({ jwt }, { kid, workspace }) => {
      if (!jwt.signingKeys(workspace).some((k) => k.kid === kid)) {
        throw new KeydeckError('SIGNING_KEY_NOT_FOUND', `No signing key with kid "${kid}" in this workspace.`);
      }
      await jwt.keys.remove(kid);
      return { removed: true as const };
    },

    // ---- mint, decode, verify ----
    'jwt:mint': async ({ jwt, lib }, { claims, ...req }) => {
      const extra = claims !== undefined && claims.trim() ? lib.parseClaimsJson(claims) : undefined;
      const m = await jwt.mint({ ...req, ...(extra ? { claims: extra } : {}) });
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
    'jwt:decode': async ({ jwt }, { token }) => jwt.decode(token),
    'jwt:verify': async ({ jwt }, { token, source: src, audience, issuer, scope, workspace }): Promise<VerifyView> => {
      const s = source(src);
      if (s.kind === 'local' && token.trim().startsWith('sk-live-')) return jwt.verifyApiKey(token, workspace);
      return jwt.verify(token, s, {
        ...(audience ? { audience } : {}),
        ...(issuer ? { issuer } : {}),
        ...(scope ? { scope } : {}),
        workspace,
      });
    },
    'jwt:copy': async ({ jwt, lib }, { form, token, wsUrl }) => {
      jwt.decode(token); // refuses anything that is not a token (JWT_MALFORMED / JWT_TOO_LARGE)
      const forms = lib.copyForms(token.trim(), wsUrl);
      const text = form === 'raw' ? forms.raw : form === 'header' ? forms.header : forms.url;
      if (text === undefined) {
        throw new KeydeckError('INVALID_INPUT', 'Give the ws:// URL to copy the token as a URL.');
      }
      const seconds = clearSeconds();
      await clipboard.copy(text, seconds);
      return { form, clearAfterSeconds: seconds };
    },
    'jwt:jwks:copy': async ({ jwt }, { workspace }) => {
      const seconds = clearSeconds();
      await clipboard.copy(JSON.stringify(jwt.jwks(workspace), null, 2), seconds);
      return { form: 'jwks' as const, clearAfterSeconds: seconds };
    },

    // ---- API keys and revocation ----
    'jwt:apikey:issue': async ({ jwt }, { userId, workspace }) => jwt.issueApiKey(userId, workspace),
    'jwt:revocations': async ({ jwt }, { workspace }) => jwt.revocations(workspace),
    'jwt:revoke': async ({ jwt }, { jti, reason, workspace }) => jwt.revoke(jti, { workspace, reason }),
    'jwt:unrevoke': async ({ jwt }, { jti, workspace }) => ({ removed: await jwt.unrevoke(jti, workspace) }),
  });
}
