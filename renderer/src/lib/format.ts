/** Small display helpers: relative ages, copy format labels, provider names. */
import type { CopyFormat, Credential } from '../../../shared/domain.js';
import { PROVIDER_DESCRIPTORS } from '../../../shared/providers.js';
import { formLabel as sharedFormLabel } from '../../../shared/copy-forms.js';

const DAY = 86_400_000;

export function daysSince(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / DAY));
}

export function rotationAge(c: Credential, now = Date.now()): { days: number; label: string } {
  const days = daysSince(c.rotatedAt ?? c.createdAt, now);
  const verb = c.rotatedAt ? 'rotated' : 'created';
  const when = days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
  return { days, label: `${verb} ${when}` };
}

export function relativeTime(iso: string, now = Date.now()): string {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

export function providerName(id: string): string {
  return (PROVIDER_DESCRIPTORS as Record<string, { displayName: string }>)[id]?.displayName ?? id;
}

/** A copy form's label, from the one list the app and the CLI share (`shared/copy-forms.ts`). */
export function formatLabel(f: CopyFormat): string {
  return sharedFormLabel(f);
}

export const KIND_LABELS: Record<Credential['kind'], string> = {
  standard: 'Standard',
  realtime: 'Realtime',
  byok: 'BYOK',
};

export function splitList(s: string): string[] {
  return s
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** A display prefix as shown: `sk-live-a1b2c3d4…`; first/last-4 and bullet forms are shown as they are. */
export function shownPrefix(p: string): string {
  return /[…•]/.test(p) ? p : `${p}…`;
}
