import { KeydeckError } from '../../shared/errors.js';
import { LIMITS } from '../../shared/constants.js';
import type { Notice } from '../../shared/domain.js';

export interface PreparedSecret {
  value: string;
  notices: Notice[];
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Checks a pasted secret before anything is written. Surrounding whitespace (a trailing newline from a
 * pipe or a sloppy paste) is trimmed with a notice; whitespace or control characters inside the value
 * are refused, except in JSON secrets (Google service accounts) where they are part of the format.
 */
export function prepareSecret(raw: string, opts: { json?: boolean } = {}): PreparedSecret {
  const notices: Notice[] = [];
  if (Buffer.byteLength(raw, 'utf8') > LIMITS.secretBytes) {
    throw new KeydeckError('SECRET_TOO_LARGE', `The secret is larger than ${LIMITS.secretBytes / 1024} KiB.`);
  }
  const value = raw.trim();
  if (!value) throw new KeydeckError('EMPTY_SECRET', 'The secret is empty.');
  if (value !== raw) {
    notices.push({ code: 'SECRET_TRIMMED', message: 'Whitespace around the secret was removed.' });
  }
  if (opts.json) {
    try {
      JSON.parse(value);
    } catch {
      throw new KeydeckError(
        'INVALID_SECRET',
        'This provider expects a JSON key file, and the value is not valid JSON.',
      );
    }
    return { value, notices };
  }
  if (CONTROL.test(value) || /\s/.test(value)) {
    throw new KeydeckError(
      'INVALID_SECRET',
      'The secret contains whitespace or control characters inside it; paste exactly one key.',
    );
  }
  return { value, notices };
}

/**
 * Basic credentials are Base64 of `key:secret`. A value with ':' is the pair and is encoded; otherwise
 * it must already be the Base64 credential, and its decoded form must contain ':'.
 */
export function toBasicCredential(value: string): { credential: string; encoded: boolean } {
  if (value.includes(':')) {
    const idx = value.indexOf(':');
    if (idx === 0 || idx === value.length - 1) {
      throw new KeydeckError(
        'INVALID_BASIC_CREDENTIAL',
        'A Basic credential needs both a key and a secret around ":".',
      );
    }
    return { credential: Buffer.from(value, 'utf8').toString('base64'), encoded: true };
  }
  if (!BASE64.test(value)) {
    throw new KeydeckError(
      'INVALID_BASIC_CREDENTIAL',
      'This is not valid Base64. Paste the Base64 credential, or key:secret to have it encoded.',
    );
  }
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const idx = decoded.indexOf(':');
  if (idx <= 0 || idx === decoded.length - 1) {
    throw new KeydeckError(
      'INVALID_BASIC_CREDENTIAL',
      'The Base64 credential does not decode to key:secret (the ":" is missing).',
    );
  }
  return { credential: value, encoded: false };
}
