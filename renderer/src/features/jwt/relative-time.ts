/** The live expiry countdown the workbench shows (same wording as the core's `describeRemaining`). */
export function describeRemaining(expSeconds: number, nowMs = Date.now()): string {
  const left = Math.round(expSeconds - nowMs / 1000);
  const abs = Math.abs(left);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const text = h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
  return left >= 0 ? `expires in ${text}` : `expired ${text} ago`;
}

/** `3 min ago`, `2 days ago`: for key and revocation dates. */
export function ago(iso: string, nowMs = Date.now()): string {
  const s = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  const d = Math.floor(s / 86400);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}
