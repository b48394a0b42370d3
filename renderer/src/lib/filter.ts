/**
 * Client-side search over the loaded workspace: one lowercase haystack per credential, built once per
 * load, so a keystroke over 10,000 entries is a single pass of `includes`.
 */
import type { Credential } from '../../../shared/domain.js';

export interface Filters {
  kind?: Credential['kind'];
  provider?: string;
  audience?: Credential['audience'];
  tag?: string;
}

const haystacks = new WeakMap<Credential, string>();

function haystack(c: Credential): string {
  let h = haystacks.get(c);
  if (h === undefined) {
    h = [
      c.name,
      c.provider,
      c.kind,
      c.envVar,
      c.displayPrefix,
      c.fingerprint,
      ...c.tags,
      ...c.versions.map((v) => `${v.displayPrefix} ${v.fingerprint}`),
    ]
      .join('\u0001')
      .toLowerCase();
    haystacks.set(c, h);
  }
  return h;
}

export function filterCredentials(items: readonly Credential[], text: string, f: Filters): Credential[] {
  const q = text.normalize('NFC').trim().toLowerCase();
  if (!q && !f.kind && !f.provider && !f.audience && !f.tag) return items as Credential[];
  const out: Credential[] = [];
  for (const c of items) {
    if (f.kind && c.kind !== f.kind) continue;
    if (f.provider && c.provider !== f.provider) continue;
    if (f.audience && c.audience !== f.audience) continue;
    if (f.tag && !c.tags.includes(f.tag)) continue;
    if (q && !haystack(c).includes(q)) continue;
    out.push(c);
  }
  return out;
}

/** Builds every haystack up front (on load), so the first keystroke pays no indexing. */
export function indexCredentials(items: readonly Credential[]): void {
  for (const c of items) haystack(c);
}
