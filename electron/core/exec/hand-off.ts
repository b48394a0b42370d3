/**
 * What `exec` hands a child for one credential: its env vars (the key and base URL; for a Vertex AI key
 * also an access token minted from the key file) and, only when asked, Google's Application Default
 * Credentials file: 0600, in a folder of its own, removed when the child has exited.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Credential } from '../../../shared/domain.js';
import { envVars, formContext, needsAccessToken } from '../format.js';

/** Google's client libraries read a key file named by this variable (Application Default Credentials). */
export const GOOGLE_ADC_ENV = 'GOOGLE_APPLICATION_CREDENTIALS';

export interface CredentialHandOff {
  vars: Record<string, string>;
  /** Secret values besides the stored secret that the child sees (to mask): a minted token. */
  extraSecrets: string[];
  /** Removes the key file, when one was written. */
  remove?: () => void;
}

export async function credentialHandOff(
  cred: Credential,
  secret: string,
  opts: { keyFile?: boolean } = {},
): Promise<CredentialHandOff> {
  const ctx = await formContext(cred, secret, 'exec');
  const vars = envVars(cred, secret, ctx);
  const out: CredentialHandOff = { vars, extraSecrets: ctx.accessToken ? [ctx.accessToken] : [] };
  if (opts.keyFile && needsAccessToken(cred)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-exec-'));
    const file = path.join(dir, 'service-account.json');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    vars[GOOGLE_ADC_ENV] = file;
    out.remove = () => fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
