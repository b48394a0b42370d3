/**
 * Colour for people, never for programs: only when the stream is a terminal, and never with `NO_COLOR`
 * set (https://no-color.org: any non-empty value), `--no-color`, or `TERM=dumb`. Values printed for
 * scripts (stdout of `header`, `env`, `--json`) are never coloured.
 */
export interface Paint {
  readonly enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
}

function sgr(open: number, close: number): (s: string) => string {
  return (s) => `\x1b[${open}m${s}\x1b[${close}m`;
}

const ON: Paint = { enabled: true, bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), yellow: sgr(33, 39) };
const plain = (s: string) => s;
export const NO_PAINT: Paint = { enabled: false, bold: plain, dim: plain, red: plain, yellow: plain };

/** Whether colour is allowed at all (the stream aside). */
export function colorAllowed(env: NodeJS.ProcessEnv, argv: readonly string[]): boolean {
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  const end = argv.indexOf('--');
  return !(end < 0 ? argv : argv.slice(0, end)).includes('--no-color');
}

/** The paint for one stream: colour only on a terminal. */
export function paintFor(stream: NodeJS.WritableStream, allowed: boolean): Paint {
  return allowed && (stream as { isTTY?: boolean }).isTTY === true ? ON : NO_PAINT;
}
