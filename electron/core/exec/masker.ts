/**
 * Replaces secret values in a byte stream. A secret split across chunks is still caught: the masker
 * holds back only the trailing bytes that could begin a secret, and releases them with the next chunk
 * (or at the end). Secrets shorter than 4 bytes are not masked (they would mangle ordinary output).
 */
export class Masker {
  private readonly needles: { bytes: Buffer; label: Buffer }[];
  private carry: Buffer = Buffer.alloc(0);

  constructor(secrets: { name: string; value: string }[]) {
    const byValue = new Map<string, string>();
    for (const s of secrets) if (Buffer.byteLength(s.value) >= 4) byValue.set(s.value, s.name);
    this.needles = [...byValue]
      .map(([value, name]) => ({ bytes: Buffer.from(value), label: Buffer.from(`[masked:${name}]`) }))
      .sort((a, b) => b.bytes.length - a.bytes.length);
  }

  /** Masks one chunk; returns what can be written now. */
  push(chunk: Buffer): Buffer {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    if (!this.needles.length) return buf;
    const parts: Buffer[] = [];
    let pos = 0;
    for (;;) {
      let best = -1;
      let which = -1;
      for (let i = 0; i < this.needles.length; i++) {
        const at = buf.indexOf(this.needles[i]!.bytes, pos);
        // Needles are sorted longest first, so on a tie the longer one wins.
        if (at >= 0 && (best < 0 || at < best)) {
          best = at;
          which = i;
        }
      }
      if (best < 0) break;
      parts.push(buf.subarray(pos, best), this.needles[which]!.label);
      pos = best + this.needles[which]!.bytes.length;
    }
    const hold = this.partialTail(buf, pos);
    parts.push(buf.subarray(pos, buf.length - hold));
    this.carry = Buffer.from(buf.subarray(buf.length - hold));
    return Buffer.concat(parts);
  }

  /** The rest, at the end of the stream: a held prefix is not a secret and is released as is. */
  flush(): Buffer {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return rest;
  }

  /** Length of the longest suffix of buf[from..] that is a proper prefix of some secret. */
  private partialTail(buf: Buffer, from: number): number {
    let best = 0;
    for (const { bytes } of this.needles) {
      const max = Math.min(bytes.length - 1, buf.length - from);
      for (let k = max; k > best; k--) {
        if (buf.compare(bytes, 0, k, buf.length - k, buf.length) === 0) {
          best = k;
          break;
        }
      }
    }
    return best;
  }
}
