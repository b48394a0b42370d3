/** Small timing helpers for benches: percentiles over repeated runs, printed, never asserted. */
export async function timeMany(n: number, fn: () => unknown | Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export function fmtMs(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

export function line(label: string, value: string, target?: string): void {
  console.log(`${label.padEnd(58)} ${value.padStart(14)}${target ? `   (target ${target})` : ''}`);
}
