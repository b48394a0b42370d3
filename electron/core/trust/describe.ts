/**
 * What an env file asks for, for the trust prompt: the `keydeck://` references it holds, each once, in
 * the order they first appear. This only lists them for the person allowing the file; resolving them is
 * the reference grammar's job (core/refs), which may hand `TrustService.allow` its own request instead.
 */
const REFERENCE = /keydeck:\/\/[^\s"'`}#]+/g;

export function referencesIn(text: string): string[] {
  return [...new Set(text.match(REFERENCE) ?? [])];
}
