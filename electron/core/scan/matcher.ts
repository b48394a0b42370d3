/**
 * Exact multi-pattern search over bytes, built for "hundreds of long random needles in a lot of text".
 *
 * An anchored q-gram filter: if every needle in a group is at least L bytes long, any occurrence
 * covers L - q + 1 consecutive start positions of a q-gram, so looking at every (L - q + 1)-th text
 * position is enough to land inside it. Each looked-at q-gram is hashed and checked against a bitset
 * of the needles' q-grams (offsets 0..L-q); the rare hits are verified with a native compare. For
 * 30-byte secrets this touches one text position in ~20, which is what lets a JS scan keep pace with
 * `grep -F`. Needles shorter than 8 bytes are found with `Buffer.indexOf`, one pass each.
 */

export interface Hit {
  needle: number;
  start: number;
}

const BITS = 22;
const WORDS = 1 << (BITS - 5);

function hash8(b: Uint8Array, j: number): number {
  const lo = b[j]! | (b[j + 1]! << 8) | (b[j + 2]! << 16) | (b[j + 3]! << 24);
  const hi = b[j + 4]! | (b[j + 5]! << 8) | (b[j + 6]! << 16) | (b[j + 7]! << 24);
  return Math.imul(lo ^ Math.imul(hi ^ (hi >>> 15), 0x9e3779b1), 0x85ebca6b) ^ (hi >>> 13);
}

function hash4(b: Uint8Array, j: number): number {
  const lo = b[j]! | (b[j + 1]! << 8) | (b[j + 2]! << 16) | (b[j + 3]! << 24);
  return Math.imul(lo ^ (lo >>> 16), 0x85ebca6b);
}

class QGramGroup {
  readonly stride: number;
  private readonly bits = new Uint32Array(WORDS);
  private readonly table = new Map<number, number[]>();
  private readonly hash: (b: Uint8Array, j: number) => number;

  constructor(
    private readonly needles: readonly Buffer[],
    members: number[],
    readonly q: 4 | 8,
    minLen: number,
  ) {
    this.hash = q === 8 ? hash8 : hash4;
    this.stride = minLen - q + 1;
    for (const idx of members) {
      const n = needles[idx]!;
      for (let off = 0; off <= minLen - q; off++) {
        const h = this.hash(n, off);
        const slot = h >>> (32 - BITS);
        this.bits[slot >>> 5]! |= 1 << (slot & 31);
        let list = this.table.get(h);
        if (!list) this.table.set(h, (list = []));
        list.push(idx, off);
      }
    }
  }

  search(buf: Buffer, from: number, to: number, out: Hit[], seen: { set?: Set<number> }): void {
    const { bits, table, needles, stride, q } = this;
    const hash = this.hash;
    for (let j = from; j + q <= to; j += stride) {
      const h = hash(buf, j);
      const slot = h >>> (32 - BITS);
      if ((bits[slot >>> 5]! & (1 << (slot & 31))) === 0) continue;
      const list = table.get(h);
      if (!list) continue;
      for (let k = 0; k < list.length; k += 2) {
        const idx = list[k]!;
        const start = j - list[k + 1]!;
        const n = needles[idx]!;
        if (start < from || start + n.length > to) continue;
        if (buf.compare(n, 0, n.length, start, start + n.length) !== 0) continue;
        // One occurrence can be seen from several sampled positions: report it once.
        const key = start * 4096 + idx;
        const set = (seen.set ??= new Set());
        if (set.has(key)) continue;
        set.add(key);
        out.push({ needle: idx, start });
      }
    }
  }
}

/** A fixed set of byte needles, searchable in any buffer range. */
export class MultiMatcher {
  readonly maxLen: number;
  private readonly groups: QGramGroup[] = [];
  private readonly short: number[] = [];

  constructor(readonly needles: readonly Buffer[]) {
    if (needles.length >= 4096) throw new RangeError('too many needles');
    this.maxLen = needles.reduce((m, n) => Math.max(m, n.length), 0);
    // Length bands, each with its own stride: a short needle must not slow the scan for long ones.
    const bands: [number, number, 4 | 8][] = [
      [64, Infinity, 8],
      [32, 64, 8],
      [16, 32, 8],
      [8, 16, 4],
    ];
    for (const [lo, hi, q] of bands) {
      const members = needles.map((n, i) => [n.length, i] as const).filter(([len]) => len >= lo && len < hi);
      if (!members.length) continue;
      const minLen = Math.min(...members.map(([len]) => len));
      this.groups.push(
        new QGramGroup(
          needles,
          members.map(([, i]) => i),
          q,
          minLen,
        ),
      );
    }
    needles.forEach((n, i) => {
      if (n.length > 0 && n.length < 8) this.short.push(i);
    });
  }

  /** Every occurrence that lies within buf[from, to), in no particular order. */
  search(buf: Buffer, from = 0, to = buf.length): Hit[] {
    const out: Hit[] = [];
    // Hits are rare: the dedupe set is only made when there is one (no garbage per clean file).
    const seen: { set?: Set<number> } = {};
    for (const g of this.groups) g.search(buf, from, to, out, seen);
    if (!this.short.length) return out;
    const view = buf.subarray(from, to);
    for (const idx of this.short) {
      const n = this.needles[idx]!;
      for (let at = view.indexOf(n); at >= 0; at = view.indexOf(n, at + 1)) out.push({ needle: idx, start: from + at });
    }
    return out;
  }
}
