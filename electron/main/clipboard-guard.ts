/**
 * Clipboard policy, free of Electron so it can be tested and reused by the e2e bridge: what Keydeck
 * copies is cleared after a delay, and on quit, but only if the clipboard still holds it (the user may
 * have copied something else meanwhile, which is theirs).
 */
import { createHash } from 'node:crypto';

/** The platform clipboard as the guard needs it. Electron's adapter lives in `clipboard.ts`. */
export interface ClipboardPort {
  /** Writes text marked as a secret where the platform allows it. */
  writeSecret(text: string): Promise<void>;
  readText(): Promise<string>;
  clear(): Promise<void>;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex');

export class ClipboardGuard {
  /** A digest of what Keydeck last wrote, so the value itself is not held longer than needed. */
  private lastDigest?: string;
  private timer?: unknown;

  constructor(
    private readonly port: ClipboardPort,
    private readonly timers: Timers = {
      setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    },
  ) {}

  /** Copies `text` and schedules its removal after `seconds`. */
  async copy(text: string, seconds: number): Promise<void> {
    await this.port.writeSecret(text);
    this.lastDigest = digest(text);
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => void this.clearIfOurs(), seconds * 1000);
  }

  /** Clears the clipboard if it still holds Keydeck's copy; returns whether it did. */
  async clearIfOurs(): Promise<boolean> {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const ours = this.lastDigest;
    this.lastDigest = undefined;
    if (!ours) return false;
    if (digest(await this.port.readText()) !== ours) return false;
    await this.port.clear();
    return true;
  }

  /** True while a Keydeck copy is pending removal. */
  get pending(): boolean {
    return this.lastDigest !== undefined;
  }
}

/** An in-memory clipboard: the e2e bridge's stand-in, and the unit tests' port. */
export class MemoryClipboard implements ClipboardPort {
  text = '';
  secret = false;
  async writeSecret(text: string): Promise<void> {
    this.text = text;
    this.secret = true;
  }
  async readText(): Promise<string> {
    return this.text;
  }
  /** Another application copying something (tests use it to prove Keydeck leaves it alone). */
  writeOther(text: string): void {
    this.text = text;
    this.secret = false;
  }
  async clear(): Promise<void> {
    this.text = '';
    this.secret = false;
  }
}
