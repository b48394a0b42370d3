/**
 * My team identity: an X25519 age identity (generated explicitly as X25519: age 1.1 cannot read the
 * post-quantum kind), kept in the keychain under `team/identity` like every other secret, and
 * exportable as an age identity file for `age -d -i` or passage.
 */
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { createFileAtomic } from '../atomic-write.js';
import { KeydeckError } from '../../../shared/errors.js';
import { setVerified, type Vault } from '../vault.js';

export const IDENTITY_ACCOUNT = 'team/identity';

/** My identity, created on first use. */
export async function myIdentity(vault: Vault): Promise<{ identity: string; recipient: string; created: boolean }> {
  let identity = await vault.get(IDENTITY_ACCOUNT);
  let created = false;
  if (!identity) {
    identity = await generateX25519Identity();
    await setVerified(vault, IDENTITY_ACCOUNT, identity, 'your new team identity');
    created = true;
  }
  return { identity, recipient: await identityToRecipient(identity), created };
}

/** Writes my identity as an age identity file (mode 0600); never over an existing file. */
export async function exportIdentity(vault: Vault, file: string): Promise<string> {
  const { identity, recipient } = await myIdentity(vault);
  const text = `# created by keydeck team whoami --export\n# public key: ${recipient}\n${identity}\n`;
  if (!createFileAtomic(file, text, 0o600)) {
    throw new KeydeckError('FILE_EXISTS', `${file} exists; choose another file for the identity.`);
  }
  return recipient;
}
