/**
 * Long loops on the event loop's thread (Electron's main process, in the app) yield between slices of
 * work: `await slice.tick()` in the loop returns at once until `SLICE_MS` have passed since the last
 * yield, then lets the loop turn (timers, IPC, paints) before the next slice. No slice of work is
 * meant to come near the 50 ms budget for a stall.
 */
import { setImmediate as turn } from 'node:timers/promises';

export const SLICE_MS = 8;

export class TimeSlice {
  private start = performance.now();

  constructor(private readonly ms = SLICE_MS) {}

  async tick(): Promise<void> {
    if (performance.now() - this.start < this.ms) return;
    await turn();
    this.start = performance.now();
  }
}
