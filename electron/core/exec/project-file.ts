/**
 * A project's `.keydeck` file: the credential names (and workspace) `keydeck exec` injects when no
 * `--cred` is given, found from the working folder upward; and the names-only texts made from it (the
 * file itself, and the `keydeck exec` line the app copies).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KeydeckError } from '../../../shared/errors.js';

export const PROJECT_FILE = '.keydeck';

const projectFileSchema = z.strictObject({
  credentials: z.array(z.string().min(1).max(1024)).max(64).default([]),
  workspace: z.string().min(1).max(128).optional(),
});
export type ProjectFile = z.infer<typeof projectFileSchema>;

/** The nearest `.keydeck` file from `dir` upward (a folder of that name is not one), parsed. */
export function findProjectFile(dir: string): { path: string; config: ProjectFile } | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    const p = path.join(cur, PROJECT_FILE);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(p);
    } catch {
      st = undefined;
    }
    if (st?.isFile()) return { path: p, config: readProjectFile(p) };
    const up = path.dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

function readProjectFile(p: string): ProjectFile {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch (err) {
    throw new KeydeckError(
      'INVALID_PROJECT_FILE',
      `${p} is not valid JSON (${(err as Error).message.split('\n')[0]!.slice(0, 120)}). Expected {"credentials": ["name", …], "workspace": "…"}.`,
    );
  }
  const r = projectFileSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new KeydeckError(
      'INVALID_PROJECT_FILE',
      `${p}: ${i.path.map(String).join('.') || 'top level'}: ${i.message}`,
    );
  }
  return r.data;
}

/** The text of a `.keydeck` file naming these credentials (for the app's "Save to project folder"). */
export function projectFileText(credentials: string[], workspace?: string): string {
  return JSON.stringify({ credentials, ...(workspace ? { workspace } : {}) }, null, 2) + '\n';
}

const shq = (s: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The "Copy command" text for a project folder: a `keydeck exec` line that holds names only, never a
 * secret, so it is safe to paste into shell history or a README.
 */
export function execCommandLine(opts: { credentials?: string[]; workspace?: string; command: string[] }): string {
  const parts = ['keydeck', 'exec'];
  for (const c of opts.credentials ?? []) parts.push('--cred', shq(c));
  if (opts.workspace) parts.push('--workspace', shq(opts.workspace));
  parts.push('--', ...opts.command.map(shq));
  return parts.join(' ');
}
