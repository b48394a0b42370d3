/**
 * Finds needles in text where line breaks (CR, LF) may sit anywhere inside an occurrence: a secret wrapped
 * over two lines, or a pseudo-terminal's `\r\n`. Needles themselves hold no line breaks.
 *
 * One pass of a q-gram filter (as in ../scan/matcher.ts): every 4-byte window of every needle is indexed,
 * and the text is sampled every `stride` bytes, where a band of needles at least m bytes long has
 * stride m/2 - 3. An occurrence split once by line breaks keeps a piece of at least m/2 bytes, so some
 * sampled window lies wholly inside a piece and hits; a hit is verified by walking the needle out from
 * it in both directions, skipping line breaks. Needles shorter than 8 bytes are found with
 * `Buffer.indexOf` (as they are printed, without breaks).
 */
import os from 'node:os';

export interface Span {
  needle: number;
  /** Raw offsets in the searched buffer: [start, end). */
  start: number;
  end: number;
}

const Q = 4;
/** The filter's size: about 32 bits per indexed window, so it stays small (in L1 cache for a few keys). */
const MIN_BITS = 13;
const MAX_BITS = 20;
const LITTLE_ENDIAN = os.endianness() === 'LE';

export function isBreak(b: number): boolean {
  return b === 10 || b === 13;
}

function key4(b: Uint8Array, j: number): number {
  return (b[j]! | (b[j + 1]! << 8) | (b[j + 2]! << 16) | (b[j + 3]! << 24)) >>> 0;
}

function slotOf(key: number, shift: number): number {
  return Math.imul(key, 0x9e3779b1) >>> shift;
}

class Band {
  readonly stride: number;
  private readonly shift: number;
  private readonly bits: Uint32Array;
  /** q-gram key → [needle, offset, needle, offset, …] */
  private readonly table = new Map<number, number[]>();

  constructor(
    private readonly needles: readonly Buffer[],
    members: number[],
    minLen: number,
  ) {
    this.stride = Math.max(1, Math.floor(minLen / 2) - Q + 1);
    const windows = members.reduce((sum, idx) => sum + Math.max(0, needles[idx]!.length - Q + 1), 0);
    const bits = Math.min(MAX_BITS, Math.max(MIN_BITS, Math.ceil(Math.log2(windows * 32))));
    this.shift = 32 - bits;
    this.bits = new Uint32Array(1 << (bits - 5));
    for (const idx of members) {
      const n = needles[idx]!;
      for (let off = 0; off + Q <= n.length; off++) {
        const key = key4(n, off);
        const slot = slotOf(key, this.shift);
        this.bits[slot >>> 5]! |= 1 << (slot & 31);
        let list = this.table.get(key);
        if (!list) this.table.set(key, (list = []));
        list.push(idx, off);
      }
    }
  }

  search(buf: Buffer, out: Span[], seen: Set<number>): void {
    const { bits, table, stride, shift } = this;
    const last = buf.length - Q;
    if (stride >= 4 && LITTLE_ENDIAN) {
      // Sample at 4-byte-aligned positions, every stride rounded down to whole words: one load each.
      const j0 = (4 - (buf.byteOffset % 4)) % 4;
      if (buf.length < j0 + 4) return;
      const words = new Uint32Array(buf.buffer, buf.byteOffset + j0, (buf.length - j0) >>> 2);
      const step = stride >>> 2;
      for (let w = 0; w < words.length; w += step) {
        const key = words[w]!;
        const slot = slotOf(key, shift);
        if ((bits[slot >>> 5]! & (1 << (slot & 31))) === 0) continue;
        const list = table.get(key);
        if (list) this.verifyAll(buf, j0 + w * 4, list, out, seen);
      }
      return;
    }
    for (let j = 0; j <= last; j += stride) {
      const key = key4(buf, j);
      const slot = slotOf(key, shift);
      if ((bits[slot >>> 5]! & (1 << (slot & 31))) === 0) continue;
      const list = table.get(key);
      if (list) this.verifyAll(buf, j, list, out, seen);
    }
  }

  private verifyAll(buf: Buffer, j: number, list: number[], out: Span[], seen: Set<number>): void {
    for (let k = 0; k < list.length; k += 2) {
      const idx = list[k]!;
      const span = verify(buf, this.needles[idx]!, j, list[k + 1]!);
      if (!span) continue;
      const id = span.start * 4096 + idx;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ needle: idx, start: span.start, end: span.end });
    }
  }
}

/** The occurrence of `n` whose byte `off` sits at buf[j], skipping line breaks; undefined if none. */
function verify(buf: Buffer, n: Buffer, j: number, off: number): { start: number; end: number } | undefined {
  const s0 = j - off;
  if (s0 >= 0 && s0 + n.length <= buf.length && buf.compare(n, 0, n.length, s0, s0 + n.length) === 0) {
    return { start: s0, end: s0 + n.length };
  }
  let i = j + Q;
  for (let k = off + Q; k < n.length; i++) {
    if (i >= buf.length) return undefined;
    const b = buf[i]!;
    if (isBreak(b)) continue;
    if (b !== n[k]) return undefined;
    k++;
  }
  const end = i;
  i = j - 1;
  for (let k = off - 1; k >= 0; i--) {
    if (i < 0) return undefined;
    const b = buf[i]!;
    if (isBreak(b)) continue;
    if (b !== n[k]) return undefined;
    k--;
  }
  return { start: i + 1, end };
}

export class NeedleIndex {
  private readonly bands: Band[] = [];
  private readonly short: number[] = [];
  private readonly maxLen: number;

  constructor(private readonly needles: readonly Buffer[]) {
    if (needles.length >= 4096) throw new RangeError('too many needles');
    this.maxLen = needles.reduce((m, n) => Math.max(m, n.length), 0);
    // Two bands: a short needle's small stride must not slow the scan for the others.
    for (const [lo, hi] of [
      [16, Infinity],
      [8, 16],
    ] as const) {
      const members = needles.flatMap((n, i) => (n.length >= lo && n.length < hi ? [i] : []));
      if (!members.length) continue;
      this.bands.push(new Band(needles, members, Math.min(...members.map((i) => needles[i]!.length))));
    }
    needles.forEach((n, i) => {
      if (n.length > 0 && n.length < 8) this.short.push(i);
    });
  }

  get size(): number {
    return this.needles.length;
  }

  /** Every occurrence in buf, in no particular order (overlapping ones included). */
  search(buf: Buffer): Span[] {
    const out: Span[] = [];
    const seen = new Set<number>();
    for (const b of this.bands) b.search(buf, out, seen);
    for (const idx of this.short) {
      const n = this.needles[idx]!;
      for (let at = buf.indexOf(n); at >= 0; at = buf.indexOf(n, at + 1)) {
        out.push({ needle: idx, start: at, end: at + n.length });
      }
    }
    return out;
  }

  /**
   * How many bytes at the end of buf could begin a needle: the longest suffix that, line breaks
   * skipped, is a proper prefix of one. 0 when none.
   */
  partialTail(buf: Buffer): number {
    const want = this.maxLen - 1;
    if (want <= 0) return 0;
    // The last `want` bytes that are not line breaks, and where each sits in buf.
    const tail = Buffer.allocUnsafe(Math.min(want, buf.length));
    const at: number[] = new Array<number>(tail.length);
    let t = tail.length;
    for (let i = buf.length - 1; i >= 0 && t > 0; i--) {
      const b = buf[i]!;
      if (isBreak(b)) continue;
      tail[--t] = b;
      at[t] = i;
    }
    const T = tail.length;
    let best = T; // index in tail where the longest prefix starts; T = none
    for (const n of this.needles) {
      for (
        let s = tail.indexOf(n[0]!, Math.max(t, T - (n.length - 1)));
        s >= 0 && s < best;
        s = tail.indexOf(n[0]!, s + 1)
      ) {
        if (tail.compare(n, 0, T - s, s, T) === 0) {
          best = s;
          break;
        }
      }
    }
    return best === T ? 0 : buf.length - at[best]!;
  }
}
