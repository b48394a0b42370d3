/**
 * Replaces secrets in a byte stream, in every form a program prints them in (../secret-forms.ts): raw,
 * Base64, URL-encoded, JSON-escaped, Python `repr`, each line of a multi-line secret. Line breaks do not
 * hide a secret: CR and LF bytes are skipped while matching, so a secret wrapped over two lines, or a
 * pseudo-terminal's `\r\n`, is still caught (the breaks inside it are kept after the label, so the screen
 * keeps its lines). A secret split across chunks is caught too: the masker holds back only the trailing
 * bytes that could begin a secret, and releases them with the next chunk (or at the end).
 *
 * The search is one pass of a q-gram filter over the text (see ./needle-index.ts): a few positions per
 * needle length are hashed and looked up; the rare hits are verified. Secrets shorter than 4 bytes are
 * not masked (they would mangle ordinary output).
 */
import { secretForms } from '../secret-forms.js';
import { NeedleIndex, isBreak, type Span } from './needle-index.js';

const MIN_SECRET = 4;
/** Forms other than the raw value must be at least this long, or ordinary words would be masked. */
const MIN_FORM = 8;

export interface MaskSecret {
  name: string;
  value: string;
}

/** Every form of every secret, once (the first secret that has a form names it), without line breaks. */
export function maskNeedles(secrets: MaskSecret[]): { bytes: Buffer; label: Buffer }[] {
  const out: { bytes: Buffer; label: Buffer }[] = [];
  const seen = new Set<string>();
  for (const s of secrets) {
    if (Buffer.byteLength(s.value) < MIN_SECRET) continue;
    const label = Buffer.from(`[masked:${s.name}]`);
    for (const f of secretForms(s.value)) {
      const bytes = Buffer.from(f.bytes.filter((b) => !isBreak(b)));
      if (bytes.length < (f.form === 'exact' ? MIN_SECRET : MIN_FORM)) continue;
      const key = bytes.toString('latin1');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ bytes, label });
    }
  }
  return out;
}

export class Masker {
  private readonly index: NeedleIndex;
  private readonly labels: Buffer[];
  private carry: Buffer = Buffer.alloc(0);

  constructor(secrets: MaskSecret[]) {
    const needles = maskNeedles(secrets);
    this.index = new NeedleIndex(needles.map((n) => n.bytes));
    this.labels = needles.map((n) => n.label);
  }

  /** Bytes held back because they could begin a secret (released by the next push or flush). */
  get held(): number {
    return this.carry.length;
  }

  /**
   * Masks one chunk; returns what can be written now (it may point into `chunk`, or into the `room`).
   * `room`: how many bytes just before `chunk` in its memory the masker may overwrite. The held bytes
   * go there when they fit, so the chunk is searched in place instead of being copied after them.
   */
  push(chunk: Buffer, room = 0): Buffer {
    const held = this.carry.length;
    if (!held) return this.run(chunk, false);
    if (held > room) return this.run(Buffer.concat([this.carry, chunk]), false);
    const joined = Buffer.from(chunk.buffer, chunk.byteOffset - held, held + chunk.length);
    this.carry.copy(joined);
    return this.run(joined, false);
  }

  /** The rest, at the end of the stream (or when the writer has gone quiet): masked, nothing held. */
  flush(): Buffer {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return rest.length ? this.run(rest, true) : rest;
  }

  private run(buf: Buffer, final: boolean): Buffer {
    if (!this.index.size) {
      this.carry = Buffer.alloc(0);
      return buf;
    }
    const spans = merge(this.index.search(buf));
    // Bytes at the end that could begin a secret wait for the next chunk, and so does a match that
    // reaches into them (a longer secret may begin with a shorter one).
    let keepTo = buf.length - (final ? 0 : this.index.partialTail(buf));
    while (spans.length && spans[spans.length - 1]!.end > keepTo) keepTo = Math.min(keepTo, spans.pop()!.start);
    this.carry = keepTo < buf.length ? Buffer.from(buf.subarray(keepTo)) : Buffer.alloc(0);
    if (!spans.length) return keepTo < buf.length ? buf.subarray(0, keepTo) : buf;
    return this.replace(buf, spans, keepTo);
  }

  private replace(buf: Buffer, spans: Span[], to: number): Buffer {
    const parts: Buffer[] = [];
    let pos = 0;
    for (const s of spans) {
      parts.push(buf.subarray(pos, s.start), this.labels[s.needle]!);
      // Line breaks inside the secret stay, so the output keeps its lines.
      const inside = buf.subarray(s.start, s.end).filter(isBreak);
      if (inside.length) parts.push(Buffer.from(inside));
      pos = s.end;
    }
    parts.push(buf.subarray(pos, to));
    return Buffer.concat(parts);
  }
}

/** Overlapping occurrences become one span (named by its leftmost, longest needle), in order. */
function merge(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (prev && s.start < prev.end) prev.end = Math.max(prev.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
