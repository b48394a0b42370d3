/** The sandbox's live event log: what the CLI prints and the app's sandbox screen lists. */
import type { TokenSource } from './guard.js';

export type SandboxEvent = { at: string } & (
  | { type: 'listening'; url: string }
  | { type: 'connect'; session: string; sub?: string; via?: TokenSource }
  | { type: 'refusal'; status: number; reason: string; message: string; path: string }
  | { type: 'message'; session: string; bytes: number; binary: boolean }
  | { type: 'close'; session: string; code: number; reason: string }
  | { type: 'token'; sub: string; kid: string; expiresAt: string }
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
      return `${t} connect  session=${e.session}${e.sub ? ` sub=${e.sub}` : ''}${e.via ? ` via=${e.via}` : ''}`;
    case 'refusal':
      return `${t} refused  ${e.status} ${e.reason}: ${e.message}`;
    case 'message':
      return `${t} message  session=${e.session} ${e.bytes} bytes${e.binary ? ' (binary)' : ''}`;
    case 'close':
      return `${t} close    session=${e.session} code=${e.code}${e.reason ? ` reason=${e.reason}` : ''}`;
    case 'token':
      return `${t} token    sub=${e.sub} kid=${e.kid} expires=${e.expiresAt}`;
    case 'stopped':
      return `${t} stopped`;
  }
}
