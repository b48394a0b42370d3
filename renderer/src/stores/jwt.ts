/**
 * The JWT workbench: the workspace's signing keys and JWKS, its realtime keys (for the mint form), the
 * last minted token, the decode/verify panel, issued API keys and the revocation list. Minted tokens
 * are not stored secrets: the UI may show them. Copies go through main's clipboard guard.
 */
import { create } from 'zustand';
import type { Credential, Revocation } from '../../../shared/domain.js';
import type {
  DecodeView,
  IssuedApiKeyView,
  JwtAlg,
  MintView,
  SigningKeyView,
  VerifyView,
} from '../../../shared/ipc/jwt.js';
import type { IpcRequest } from '../../../shared/ipc-contract.js';
import { api, toUiError, type UiError } from '../api.js';
import { useApp } from './app.js';
import { toast } from './toasts.js';

export type MintForm = Omit<IpcRequest<'jwt:mint'>, 'workspace'>;
export type VerifyForm = Omit<IpcRequest<'jwt:verify'>, 'workspace' | 'token'>;
export type CopyForm = 'raw' | 'header' | 'url';

/** Which field of the mint form a core error belongs next to. */
export type MintField = 'key' | 'ttl' | 'claims' | 'wsUrl' | 'form';

export interface JwtState {
  readonly loaded: boolean;
  readonly realtimeKeys: readonly Credential[];
  readonly keys: readonly SigningKeyView[];
  readonly jwks: { keys: Record<string, unknown>[] };
  readonly keyError?: UiError;
  readonly minted?: MintView;
  readonly mintError?: { field: MintField; error: UiError };
  readonly minting: boolean;
  /** The token in the decode & verify panel. */
  readonly token: string;
  readonly decoded?: DecodeView;
  readonly decodeError?: UiError;
  readonly verified?: VerifyView;
  readonly verifyError?: UiError;
  readonly verifying: boolean;
  readonly issued?: IssuedApiKeyView;
  readonly issueError?: UiError;
  readonly revocations: readonly Revocation[];
  readonly revokeError?: UiError;
  load(): Promise<void>;
  createKey(alg: JwtAlg, credential?: string): Promise<void>;
  removeKey(kid: string): Promise<void>;
  copyJwks(): Promise<void>;
  mint(form: MintForm): Promise<void>;
  copy(form: CopyForm, token: string, wsUrl?: string): Promise<void>;
  setToken(token: string): Promise<void>;
  verify(form: VerifyForm): Promise<void>;
  clearVerify(): void;
  issueApiKey(userId: string): Promise<void>;
  revoke(jti: string, reason?: string): Promise<UiError | undefined>;
  unrevoke(jti: string): Promise<void>;
}

const workspace = () => useApp.getState().activeId;

const MINT_FIELDS: Record<string, MintField> = {
  INVALID_CLAIMS: 'claims',
  INVALID_LIFETIME: 'ttl',
  INVALID_URL: 'wsUrl',
  NOT_REALTIME_KEY: 'key',
  CREDENTIAL_NOT_FOUND: 'key',
  SECRET_MISSING: 'key',
};

const COPY_LABEL: Record<CopyForm | 'jwks', string> = {
  raw: 'Token',
  header: 'Authorization header',
  url: 'ws:// URL with the token',
  jwks: 'JWKS',
};

let decodeSeq = 0;

/** The state before anything has loaded: the store starts from it, and tests start from it. */
export function getEmptyState(): Pick<
  JwtState,
  'loaded' | 'realtimeKeys' | 'keys' | 'jwks' | 'minting' | 'token' | 'verifying' | 'revocations'
> {
  return {
    loaded: false,
    realtimeKeys: [],
    keys: [],
    jwks: { keys: [] },
    minting: false,
    token: '',
    verifying: false,
    revocations: [],
  };
}

export const useJwt = create<JwtState>()((set, get) => ({
  ...getEmptyState(),

  async load() {
    const ws = workspace();
    try {
      const [realtimeKeys, signing, revocations] = await Promise.all([
        api().credentials.list({ workspace: ws, kind: 'realtime' }),
        api().jwt.keys({ workspace: ws }),
        api().jwt.revocations({ workspace: ws }),
      ]);
      set({ realtimeKeys, keys: signing.keys, jwks: signing.jwks, revocations, loaded: true });
    } catch (err) {
      set({ loaded: true });
      toast.error('Could not load the JWT workbench', toUiError(err));
    }
  },

  async createKey(alg, credential) {
    try {
      const key = await api().jwt.createKey({ alg, workspace: workspace(), ...(credential ? { credential } : {}) });
      set({ keyError: undefined });
      await get().load();
      toast.success(`${key.alg} signing key ready`, key.kid);
    } catch (err) {
      set({ keyError: toUiError(err) });
    }
  },

  async removeKey(kid) {
    try {
      await api().jwt.removeKey({ kid, workspace: workspace() });
      await get().load();
      toast.success('Signing key removed', `${kid} no longer verifies tokens.`);
    } catch (err) {
      toast.error('Could not remove the key', toUiError(err));
    }
  },

  async copyJwks() {
    try {
      const r = await api().jwt.copyJwks({ workspace: workspace() });
      toast.success('JWKS copied', `The clipboard clears in ${r.clearAfterSeconds}s.`);
    } catch (err) {
      toast.error('Could not copy the JWKS', toUiError(err));
    }
  },

  async mint(form) {
    set({ minting: true });
    try {
      const minted = await api().jwt.mint({ ...form, workspace: workspace() });
      set({ minted, mintError: undefined, minting: false });
      toast.success('Token minted', `${minted.alg} · kid ${minted.kid}`);
      // A first mint may have created the workspace's key: refresh the key list.
      void get().load();
    } catch (err) {
      const error = toUiError(err);
      set({ mintError: { field: MINT_FIELDS[error.code] ?? 'form', error }, minting: false });
    }
  },

  async copy(form, token, wsUrl) {
    try {
      const r = await api().jwt.copy({ form, token, ...(wsUrl ? { wsUrl } : {}) });
      toast.success(`${COPY_LABEL[form]} copied`, `The clipboard clears in ${r.clearAfterSeconds}s.`);
    } catch (err) {
      toast.error('Could not copy', toUiError(err));
    }
  },

  async setToken(token) {
    const n = ++decodeSeq;
    set({ token, verified: undefined, verifyError: undefined });
    if (!token.trim()) {
      set({ decoded: undefined, decodeError: undefined });
      return;
    }
    try {
      const decoded = await api().jwt.decode({ token });
      if (n === decodeSeq) set({ decoded, decodeError: undefined });
    } catch (err) {
      if (n === decodeSeq) set({ decoded: undefined, decodeError: toUiError(err) });
    }
  },

  async verify(form) {
    const token = get().token;
    set({ verifying: true });
    try {
      const verified = await api().jwt.verify({ ...form, token, workspace: workspace() });
      set({ verified, verifyError: undefined, verifying: false });
    } catch (err) {
      set({ verified: undefined, verifyError: toUiError(err), verifying: false });
    }
  },

  clearVerify() {
    set({ verified: undefined, verifyError: undefined });
  },

  async issueApiKey(userId) {
    try {
      const issued = await api().jwt.issueApiKey({ userId, workspace: workspace() });
      set({ issued, issueError: undefined });
      toast.success('API key issued', `${issued.prefix}… for ${issued.userId}`);
      void get().load();
    } catch (err) {
      set({ issueError: toUiError(err) });
    }
  },

  async revoke(jti, reason) {
    try {
      await api().jwt.revoke({ jti, workspace: workspace(), ...(reason ? { reason } : {}) });
      set({ revokeError: undefined, verified: undefined });
      await get().load();
      toast.success('Revoked', `jti ${jti} is now rejected even with a valid signature.`);
      return undefined;
    } catch (err) {
      const error = toUiError(err);
      set({ revokeError: error });
      return error;
    }
  },

  async unrevoke(jti) {
    try {
      await api().jwt.unrevoke({ jti, workspace: workspace() });
      await get().load();
      toast.success('Revocation lifted', `jti ${jti}`);
    } catch (err) {
      toast.error('Could not lift the revocation', toUiError(err));
    }
  },
}));
