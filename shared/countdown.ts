/**
 * `expires in 9m 58s`, `expires in 1h 2m`, `expired 12s ago`: the countdown shown next to a decoded
 * token, by the workbench and by the CLI. Pure: no clock of its own unless `nowMs` is left out.
 */
export function describeRemaining(expSeconds: number, nowMs = Date.now()): string {
  const left = Math.round(expSeconds - nowMs / 1000);
  const abs = Math.abs(left);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const text = h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
  return left >= 0 ? `expires in ${text}` : `expired ${text} ago`;
}
