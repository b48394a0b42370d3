/**
 * age's passphrase stanza (`-> scrypt <salt> <logN>`, https://age-encryption.org/v1) with the key
 * derivation on node's native, asynchronous `crypto.scrypt`: it runs on the libuv thread pool, so the
 * event loop (Electron's main process, in the app) keeps turning while a backup is sealed or opened.
 * age-encryption's own scrypt is synchronous JavaScript that held the loop for the whole run (seconds).
 *
 * The stanza is byte-for-byte age's: key = scrypt(passphrase, "age-encryption.org/v1/scrypt" ‖ salt,
 * N = 2^logN, r = 8, p = 1, 32 bytes), the 16-byte file key sealed with ChaCha20-Poly1305 under a zero
 * nonce. So files open with the `age` CLI, and `age -p` files open here.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { Stanza, type Identity, type Recipient } from 'age-encryption';

/** age's default work factor (log2 N); the backup API's default. Tests pass a lower one. */
export const DEFAULT_SCRYPT_WORK_FACTOR = 18;
/** The highest work factor accepted when opening a file (as age-encryption: 2^20 needs 1 GiB). */
export const MAX_SCRYPT_WORK_FACTOR = 20;
const LABEL = 'age-encryption.org/v1/scrypt';
const ZERO_NONCE = Buffer.alloc(12);

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

function unb64(s: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*$/.test(s)) return undefined;
  const out = Buffer.from(s, 'base64');
  return b64(out) === s ? out : undefined; // canonical, unpadded
}

/**
 * scrypt on the thread pool. maxmem covers 128·N·r (256 MiB at logN 18) with room to spare, and
 * OpenSSL's fixed overhead at the smallest factors (tests use low ones).
 */
function deriveKey(passphrase: string, salt: Uint8Array, logN: number): Promise<Buffer> {
  const labelAndSalt = Buffer.concat([Buffer.from(LABEL, 'latin1'), salt]);
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    scrypt(passphrase, labelAndSalt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 + (1 << 20) }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

function seal(key: Buffer, fileKey: Uint8Array): Uint8Array {
  const c = createCipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: 16 });
  return Buffer.concat([c.update(fileKey), c.final(), c.getAuthTag()]);
}

function unseal(key: Buffer, body: Uint8Array): Uint8Array | null {
  const d = createDecipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: 16 });
  d.setAuthTag(body.subarray(32 - 16));
  try {
    return Buffer.concat([d.update(body.subarray(0, 16)), d.final()]);
  } catch {
    return null;
  }
}

export function checkWorkFactor(logN: number): number {
  if (!Number.isInteger(logN) || logN < 1 || logN > MAX_SCRYPT_WORK_FACTOR) {
    throw new RangeError(`scrypt work factor must be an integer from 1 to ${MAX_SCRYPT_WORK_FACTOR}`);
  }
  return logN;
}

/** Seals the file key to a passphrase, as `age -p` does. */
export class AsyncScryptRecipient implements Recipient {
  private readonly logN: number;
  constructor(
    private readonly passphrase: string,
    logN: number = DEFAULT_SCRYPT_WORK_FACTOR,
  ) {
    this.logN = checkWorkFactor(logN);
  }

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(16);
    const key = await deriveKey(this.passphrase, salt, this.logN);
    return [new Stanza(['scrypt', b64(salt), String(this.logN)], seal(key, fileKey))];
  }
}

/** Opens a passphrase-sealed file key; same checks as age (the scrypt stanza must be alone). */
export class AsyncScryptIdentity implements Identity {
  constructor(private readonly passphrase: string) {}

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    for (const s of stanzas) {
      if (s.args[0] !== 'scrypt') continue;
      if (stanzas.length !== 1) throw new Error('scrypt recipient is not the only one in the header');
      const salt = s.args.length === 3 ? unb64(s.args[1]!) : undefined;
      if (!salt || salt.length !== 16 || !/^[1-9][0-9]*$/.test(s.args[2]!)) throw new Error('invalid scrypt stanza');
      const logN = Number(s.args[2]);
      if (logN > MAX_SCRYPT_WORK_FACTOR) throw new Error('scrypt work factor is too high');
      if (s.body.length !== 32) throw new Error('invalid scrypt stanza');
      const fileKey = unseal(await deriveKey(this.passphrase, salt, logN), s.body);
      if (fileKey !== null) return fileKey;
    }
    return null;
  }
}
