/**
 * Streams one file's bytes through the matcher in fixed-size chunks, so a file of any size is scanned
 * in constant memory. Each chunk is searched together with the last (longest needle - 1) bytes of the
 * one before, so a secret split across two reads is still found exactly once.
 */
import type { MultiMatcher } from './matcher.js';

export const CHUNK = 1 << 20;
/** Like git and grep: a NUL byte in the first 8000 bytes means binary. */
const SNIFF = 8000;

export interface RawHit {
  needle: number;
  line: number;
}

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(10, from); i >= 0 && i < to; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

export class StreamScanner {
  /** [carry | new bytes]; new bytes are read or copied straight in after the carry. */
  readonly work: Buffer;
  private carry = 0;
  private end = 0;
  private lineBase = 1;
  private first = true;
  binary = false;

  constructor(
    private readonly matcher: MultiMatcher,
    readonly chunk = CHUNK,
  ) {
    this.work = Buffer.allocUnsafe(chunk + Math.max(matcher.maxLen, 1));
  }

  begin(): void {
    this.carry = 0;
    this.end = 0;
    this.lineBase = 1;
    this.first = true;
    this.binary = false;
  }

  /** Where the next bytes go: `work` from this offset, at most `chunk` bytes. */
  get writeAt(): number {
    return this.carry;
  }

  /**
   * Scans `n` new bytes written at `writeAt`. Returns false once the stream is known to be binary
   * (and binaries are skipped), so the caller can stop reading.
   */
  scan(n: number, skipBinary: boolean, hits: RawHit[]): boolean {
    const { work, matcher } = this;
    const start = this.carry;
    this.end = start + n;
    if (this.first) {
      this.first = false;
      const nul = work.indexOf(0, start);
      if (nul >= 0 && nul < start + Math.min(n, SNIFF)) {
        this.binary = true;
        if (skipBinary) return false;
      }
    }
    const found = matcher.search(work, 0, this.end);
    for (const h of found) {
      // A hit that lies wholly in the carry was reported with the previous chunk.
      if (h.start + matcher.needles[h.needle]!.length <= start) continue;
      hits.push({ needle: h.needle, line: this.lineBase + countNewlines(work, 0, h.start) });
    }
    return true;
  }

  /** Keeps the tail as the next carry. Call before writing the next chunk (not after the last one). */
  shift(): void {
    const keep = Math.min(this.matcher.maxLen - 1, this.end);
    if (keep <= 0) {
      this.lineBase += countNewlines(this.work, 0, this.end);
      this.carry = 0;
      return;
    }
    this.lineBase += countNewlines(this.work, 0, this.end - keep);
    this.work.copy(this.work, 0, this.end - keep, this.end);
    this.carry = keep;
  }

  /** Copies bytes from a stream chunk in, scanning as the work buffer fills. */
  feed(data: Buffer, skipBinary: boolean, hits: RawHit[]): boolean {
    let off = 0;
    while (off < data.length) {
      if (!this.first) this.shift();
      const n = Math.min(this.chunk, data.length - off);
      data.copy(this.work, this.carry, off, off + n);
      off += n;
      if (!this.scan(n, skipBinary, hits)) return false;
    }
    return true;
  }
}
