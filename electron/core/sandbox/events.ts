/** The sandbox's live event log: what the CLI prints and the app's sandbox screen lists. */
import type { AuthMode } from './auth.js';

export type SandboxEvent = { at: string } & (
  | { type: 'listening'; url: string }
  | {
      type: 'connect';
      session: string;
      sub?: string;
      via?: AuthMode;
      /** The subprotocol echoed in the 101. */
      protocol?: string;
      /** Where this auth mode leaks its credential. */
      warning?: string;
    }
  | { type: 'refusal'; status: number; reason: string; message: string; path: string }
  | { type: 'message'; session: string; bytes: number; binary: boolean; event?: string }
  | { type: 'close'; session: string; code: number; reason: string }
  | { type: 'token'; sub: string; kid: string; expiresAt: string }
  /** Something the sandbox did to or noticed about a session: a protocol error, a fault, an expectation. */
  | { type: 'note'; session?: string; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'stopped' }
);

export type EventBody = SandboxEvent extends infer E ? (E extends SandboxEvent ? Omit<E, 'at'> : never) : never;

/** One line per event: time, type, then the details (never a token). */
export function eventLine(e: SandboxEvent): string {
  const t = e.at.slice(11, 23);
  switch (e.type) {
    case 'listening':
      return `${t} listening ${e.url}`;
    case 'connect':
      return (
        `${t} connect  session=${e.session}${e.sub ? ` sub=${e.sub}` : ''}${e.via ? ` via=${e.via}` : ''}` +
        `${e.protocol ? ` protocol=${e.protocol}` : ''}${e.warning ? `\n${t} WARNING  ${e.warning}` : ''}`
      );
    case 'refusal':
      return `${t} refused  ${e.status} ${e.reason}: ${e.message}`;
    case 'message':
      return `${t} message  session=${e.session} ${e.event ? `${e.event} ` : ''}${e.bytes} bytes${e.binary ? ' (binary)' : ''}`;
    case 'close':
      return `${t} close    session=${e.session} code=${e.code}${e.reason ? ` reason=${e.reason}` : ''}`;
    case 'token':
      return `${t} token    sub=${e.sub} kid=${e.kid} expires=${e.expiresAt}`;
    case 'note':
      return `${t} ${e.level === 'info' ? 'note    ' : e.level === 'warn' ? 'WARNING ' : 'ERROR   '} ${e.session ? `session=${e.session} ` : ''}${e.message}`;
    case 'stopped':
      return `${t} stopped`;
  }
}
