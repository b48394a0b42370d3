/** Collects every frame a `ws` client receives, so a test awaits the next one (or the next of a type) in order. */
import type WebSocket from 'ws';
import { waitFor } from '../../harness/wait.js';

export class Inbox {
  readonly frames: Record<string, unknown>[] = [];
  private read = 0;
  closed?: { code: number; reason: string };

  constructor(ws: WebSocket, first?: Record<string, unknown>) {
    if (first) this.frames.push(first);
    ws.on('message', (data, binary) => {
      this.frames.push(
        binary
          ? { binary: true, bytes: (data as Buffer).length }
          : (JSON.parse(data.toString()) as Record<string, unknown>),
      );
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  /** The next unread frame. */
  async next(): Promise<Record<string, unknown>> {
    await waitFor('a frame', () => this.frames.length > this.read);
    return this.frames[this.read++]!;
  }

  /** Reads on until a frame of `type`; returns it with the frames before it. */
  async until(type: string): Promise<{ frame: Record<string, unknown>; before: Record<string, unknown>[] }> {
    const before: Record<string, unknown>[] = [];
    for (;;) {
      const f = await this.next();
      if (f.type === type) return { frame: f, before };
      before.push(f);
    }
  }

  /** Frames not read yet. */
  get unread(): number {
    return this.frames.length - this.read;
  }

  async close(): Promise<{ code: number; reason: string }> {
    return waitFor('the close', () => this.closed);
  }
}
