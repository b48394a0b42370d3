/**
 * The reference written in place of an imported value: `keydeck://WORKSPACE/CREDENTIAL`.
 * TODO(refs): call `formatReference` from core/refs/reference.ts (branch refs, the one home of the
 * grammar) once it is merged; until then the same grammar's plain form, names percent-encoded.
 */
export function formatReference(workspace: string, credential: string): string {
  const enc = (s: string) => encodeURIComponent(s);
  return `keydeck://${enc(workspace)}/${enc(credential)}`;
}
