/**
 * How other stores tell the credentials store that a credential changed (a validation result) or that
 * the list is stale (after "validate all"), without importing it: the credentials store registers its
 * handlers here. Keeps the store graph free of cycles (credentials → validation → here).
 */
import type { Credential } from '../../../shared/domain.js';

export interface CredentialSink {
  apply(cred: Credential): void;
  reload(): Promise<void>;
}

let sink: CredentialSink | undefined;

/** Called once by the credentials store. */
export function setCredentialSink(s: CredentialSink): void {
  sink = s;
}

export function credentialChanged(cred: Credential): void {
  sink?.apply(cred);
}

export async function credentialsStale(): Promise<void> {
  await sink?.reload();
}
