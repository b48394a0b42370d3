/**
 * "Did you mean …?" for an unknown command, sub-command or flag: the known words nearest to what was
 * typed (optimal string alignment distance: a swap of two letters counts once), or that it starts.
 */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** Up to three known words close to `typed`, nearest first. */
export function suggest(typed: string, known: readonly string[]): string[] {
  const t = typed.toLowerCase();
  if (!t) return [];
  const limit = Math.max(1, Math.floor(t.replace(/^-+/, '').length / 3));
  return known
    .map((k) => ({ k, d: k.startsWith(t) && t.replace(/^-+/, '').length >= 2 ? 0.5 : distance(t, k) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, 3)
    .map((x) => x.k);
}

/** The sentence to append to an error: ` Did you mean "x"?` (or two or three), or nothing. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const s = suggest(typed, known);
  if (!s.length) return '';
  const quoted = s.map((x) => `"${x}"`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return ` Did you mean ${list}?`;
}
