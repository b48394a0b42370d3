import { createHash } from 'node:crypto';

/** A short SHA-256 fingerprint: identifies a secret in lists, logs and scans without revealing it. */
export function fingerprint(secret: string): string {
  return 'sha256:' + createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16);
}

const VENDOR_PREFIX = /^((?:[A-Za-z]{2,8})(?:[-_][A-Za-z0-9]{2,8}){0,2}[-_])/;

/**
 * A display prefix that tells keys apart without exposing them: a vendor prefix plus 8 characters
 * (`sk-live-a1b2c3d4`), or first and last 4 characters. JWT-shaped keys all start `eyJ…`, so they get
 * the prefix plus 8 hex digits of the fingerprint instead.
 */
export function displayPrefix(secret: string): string {
  const m = VENDOR_PREFIX.exec(secret);
  if (m) {
    const vendor = m[1]!;
    const rest = secret.slice(vendor.length);
    if (rest.startsWith('eyJ')) return vendor + fingerprint(secret).slice(7, 15);
    if (rest.length >= 16) return vendor + rest.slice(0, 8);
  }
  if (secret.trimStart().startsWith('{')) return 'json:' + fingerprint(secret).slice(7, 15);
  if (secret.length >= 16) return `${secret.slice(0, 4)}…${secret.slice(-4)}`;
  return '•'.repeat(8);
}
