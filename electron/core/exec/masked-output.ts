/**
 * The masked pipe path's plumbing: one output of the child (stdout or stderr) read into one reused
 * buffer, masked, and handed on without copies when it can be.
 *
 * Node's default pipe reading allocates a fresh 64 KiB buffer for every read; for 100 MB that is most of
 * the cost (fresh memory faulted in, garbage collected). A socket opened with `onread` reads into a buffer
 * we own instead. `spawn`'s own pipes cannot take that option, so the child's end is the other side of a
 * connected Unix socket pair (the kind `spawn` creates for `'pipe'` anyway), made through a listening
 * socket in a private 0700 directory that is removed as soon as the pair is connected.
 *
 * What the masker returns points into the reused buffer, so the next read waits until the writer is done
 * with it: a file descriptor's stream (our stdout or stderr) usually takes the bytes at once (written to
 * the kernel, nothing kept); when it queues them, reading pauses until that write completes. Any other
 * stream (a test's sink, a PassThrough that keeps what it is given) gets a copy.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Masker } from './masker.js';

/** Bytes asked for per read: a pipe holds 64 KiB, a socket pair's buffer about 200 KiB. */
const READ_SIZE = 256 * 1024;
/** Room before each read for the bytes the masker holds back (a secret's beginning), so they need no copy. */
const ROOM = 16 * 1024;
/** Reads whose bytes a writer may still hold before reading pauses (the child waits while we write). */
const IN_FLIGHT = 4;

/** Whether the child's output can come through a socket pair we made (not on Windows: no Unix sockets). */
export const SOCKET_PAIRS = process.platform !== 'win32';

interface OnRead {
  buffer: () => Buffer;
  callback(nread: number, buf: Buffer): boolean;
}

/**
 * A connected Unix socket pair: `child` for spawn's stdio (close ours once spawned), `ours` reads into
 * `onread`'s buffer.
 */
async function socketPair(onread: OnRead): Promise<{ child: net.Socket; ours: net.Socket }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-out-'));
  const file = path.join(dir, 's');
  const server = net.createServer({ pauseOnConnect: true });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => resolve());
    });
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const ours = net.connect({ path: file, onread });
    await new Promise<void>((resolve, reject) => {
      ours.once('connect', resolve);
      ours.once('error', reject);
    });
    return { child: await accepted, ours };
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export class MaskedOutput {
  private readonly masker: Masker;
  /** `to` is a file descriptor's stream: what it writes at once it keeps no reference to. */
  private readonly direct: boolean;
  private ours?: net.Socket;
  /** Reading with spawn's own pipe (no socket pairs): each chunk is a fresh buffer, nothing to protect. */
  private fresh = false;
  private paused = false;
  private ended = false;
  /** The buffer the next read goes into (after its ROOM), and free ones; a held one is in neither. */
  private current = MaskedOutput.alloc();
  private readonly free: Buffer[] = [];
  private held = 0;

  private constructor(
    secrets: { name: string; value: string }[],
    private readonly to: NodeJS.WritableStream,
    /** Called on each read (the runner's drain timer). */
    private readonly onData: () => void,
  ) {
    this.masker = new Masker(secrets);
    this.direct = typeof (to as { fd?: unknown }).fd === 'number';
  }

  /** The reading side, ready; `child` goes into spawn's stdio. */
  static async open(
    secrets: { name: string; value: string }[],
    to: NodeJS.WritableStream,
    onData: () => void,
  ): Promise<{ output: MaskedOutput; child: net.Socket }> {
    const output = new MaskedOutput(secrets, to, onData);
    const { child, ours } = await socketPair({
      buffer: () => output.current.subarray(ROOM),
      callback: (n, buf) => output.onRead(n, buf),
    });
    output.ours = ours;
    // Our reader went away (`keydeck exec -- cmd | head`): stop reading so the child sees a closed pipe.
    to.on('error', () => ours.destroy());
    return { output, child };
  }

  /** Without socket pairs (Windows): masks what `from` (spawn's own pipe) emits. */
  static reading(
    from: NodeJS.ReadableStream,
    secrets: { name: string; value: string }[],
    to: NodeJS.WritableStream,
    onData: () => void,
  ): MaskedOutput {
    const output = new MaskedOutput(secrets, to, onData);
    const ours = from as net.Socket;
    output.ours = ours;
    output.fresh = true;
    to.on('error', () => ours.destroy());
    ours.on('data', (c: Buffer) => {
      if (!output.onRead(c.length, c)) ours.pause();
    });
    return output;
  }

  /** Resolves once the child's side is closed (by it and anything it left holding it) or we stopped. */
  closed(): Promise<void> {
    const ours = this.ours!;
    return new Promise((resolve) => {
      ours.on('end', () => {
        if (!this.ended) this.write(this.masker.flush());
        this.ended = true;
      });
      ours.on('error', () => ours.destroy());
      ours.on('close', () => {
        // Stopped early (destroyed while bytes that could begin a secret were held): show them masked.
        if (!this.ended) this.write(this.masker.flush());
        this.ended = true;
        resolve();
      });
      ours.resume();
    });
  }

  /** Stops reading (a background grandchild still holds the child's side). */
  stop(): void {
    this.ours?.destroy();
  }

  private static alloc(): Buffer {
    return Buffer.allocUnsafe(ROOM + READ_SIZE);
  }

  private onRead(n: number, buf: Buffer): boolean {
    this.onData();
    const masked = this.masker.push(buf.subarray(0, n), this.fresh ? 0 : ROOM);
    return this.write(masked);
  }

  /**
   * Hands `b` on. It may point into the current read buffer: if the writer keeps it (a write it could
   * not finish at once), the next read goes into another buffer, and reading pauses while IN_FLIGHT
   * buffers are held.
   */
  private write(b: Buffer): boolean {
    if (!b.length) return true;
    const to = this.to as NodeJS.WritableStream & { writableLength?: number };
    if (this.fresh || !this.direct) {
      if (to.write(this.fresh ? b : Buffer.from(b))) return true;
      this.paused = true;
      to.once('drain', () => this.resume());
      return false;
    }
    const buf = this.current;
    let done = false;
    let counted = false;
    to.write(b, () => {
      done = true;
      if (!counted) return;
      this.held--;
      this.free.push(buf);
      this.resume();
    });
    if (done || !to.writableLength) return true;
    counted = true;
    this.held++;
    this.current = this.free.pop() ?? MaskedOutput.alloc();
    if (this.held < IN_FLIGHT) return true;
    this.paused = true;
    return false;
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.ours?.resume();
  }
}
