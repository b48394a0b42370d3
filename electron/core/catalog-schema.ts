/**
 * The catalog's full check: the zod schema (shared/domain.ts). Loaded with `import()` only when a
 * file needs it (one Keydeck has not checked before, see catalog-file.ts), so reading commands never
 * load zod.
 */
import { catalogSchema, type CatalogData } from '../../shared/domain.js';

/** The validated catalog, or where and why it first fails. */
export function checkCatalog(raw: unknown): { data: CatalogData } | { at: string; why: string } {
  const parsed = catalogSchema.safeParse(raw);
  if (parsed.success) return { data: parsed.data };
  const first = parsed.error.issues[0];
  return { at: first?.path.join('.') || 'top level', why: first?.message ?? '' };
}
