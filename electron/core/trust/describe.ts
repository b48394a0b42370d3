/**
 * What an env file asks for, for the trust prompt: the `keydeck://` references it holds, each once, in
 * the order they first appear, found by the reference grammar itself (core/refs/reference.ts).
 */
import { findReferences } from '../refs/reference.js';

export function referencesIn(text: string): string[] {
  return [...new Set(findReferences(text).map((r) => r.text))];
}
