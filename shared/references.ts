/**
 * The fields a `keydeck://` reference may name (issue 16 §1), zod-free: the CLI's flags and completion
 * and the core's parser (electron/core/refs/reference.ts, where the grammar lives) share this list.
 */
export const REFERENCE_FIELDS = ['secret', 'header', 'base_url', 'key_id', 'key_secret', 'env_var'] as const;
export type ReferenceField = (typeof REFERENCE_FIELDS)[number];
