/**
 * `keydeck __complete WORDS… CURRENT`: the candidates for the word being typed, one per line, for the
 * scripts of `keydeck completion`. Commands, sub-commands and options come from the registry; credential
 * and workspace names from the catalog (never the keychain: completing a name reads no secret).
 */
import type { Command, OptionSpec, ValueSource } from './command.js';
import { SHELLS } from './completion-scripts.js';
import { BUILTINS } from './help.js';

/** Where names come from: the catalog, read through core's services. */
export interface NameSource {
  credentials(workspace?: string): Promise<string[]>;
  workspaces(): Promise<string[]>;
}

const GLOBAL: OptionSpec = {
  workspace: { type: 'string', short: 'w' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** What the shell typed, as the program will see it: an opening quote dropped, `\\x` read as `x`. */
function dequote(word: string): string {
  return word.replace(/^['"]/, '').replace(/\\(.)/g, '$1');
}

function optionsOf(cmd: Command): OptionSpec {
  return { ...cmd.options, ...GLOBAL };
}

/** The option a word names (`--name`, `--name=…` or `-x`), if any. */
function optionNamed(spec: OptionSpec, word: string): string | undefined {
  if (word.startsWith('--')) {
    const name = word.slice(2).split('=')[0]!;
    return name in spec ? name : undefined;
  }
  if (/^-[A-Za-z]$/.test(word)) return Object.keys(spec).find((k) => spec[k]!.short === word[1]);
  return undefined;
}

function valueSource(cmd: Command, option: string): ValueSource | undefined {
  return cmd.values?.[option] ?? (option === 'workspace' ? 'workspace' : undefined);
}

async function fromSource(source: ValueSource, names: NameSource, workspace?: string): Promise<string[] | 'file'> {
  if (source === 'file') return 'file';
  if (source === 'credential') return names.credentials(workspace);
  if (source === 'workspace') return names.workspaces();
  return [...source];
}

/** The candidates for the last word of `words` (the words after `keydeck`), or 'file' for file names. */
export async function candidates(
  commands: readonly Command[],
  words: readonly string[],
  names: NameSource,
): Promise<string[] | 'file'> {
  const typed = words.length ? words : [''];
  const cur = dequote(typed.at(-1)!);
  const before = typed.slice(0, -1);
  const keep = (list: string[] | 'file') => (list === 'file' ? list : list.filter((c) => c.startsWith(cur)));
  const all = [...commands.map((c) => c.name), ...BUILTINS.map((b) => b.name)];
  if (!before.length) return keep(cur.startsWith('-') ? ['--help', '--version', '--no-color'] : all);

  const [name, ...rest] = before;
  if (name === 'help') return keep(rest.length ? [] : all);
  if (name === 'completion') return keep(rest.length ? [] : [...SHELLS]);
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) return [];
  const spec = optionsOf(cmd);

  // Walk the words already typed: option values, positionals, and `--` (after which exec runs a command).
  let workspace: string | undefined;
  const positionals: string[] = [];
  let pending: string | undefined;
  for (const w of rest) {
    if (pending) {
      if (pending === 'workspace') workspace = dequote(w);
      pending = undefined;
    } else if (w === '--') {
      return 'file';
    } else if (w.startsWith('-') && w.length > 1) {
      const opt = optionNamed(spec, w);
      if (opt && spec[opt]!.type === 'string' && !w.includes('=')) pending = opt;
      else if (opt === 'workspace') workspace = dequote(w.split('=').slice(1).join('='));
    } else {
      positionals.push(w);
    }
  }
  if (pending) {
    const source = valueSource(cmd, pending);
    return source ? keep(await fromSource(source, names, workspace)) : [];
  }
  if (cur.startsWith('-')) {
    const eq = cur.indexOf('=');
    if (eq > 0) {
      const opt = optionNamed(spec, cur.slice(0, eq));
      const source = opt && valueSource(cmd, opt);
      if (!source) return [];
      const vals = await fromSource(source, names, workspace);
      return vals === 'file' ? vals : vals.map((v) => `${cur.slice(0, eq + 1)}${v}`).filter((v) => v.startsWith(cur));
    }
    return keep(Object.keys(spec).map((k) => `--${k}`));
  }
  const args = cmd.args;
  if (!args) return [];
  if (typeof args === 'object' && 'sub' in args) {
    if (!positionals.length) return keep(Object.keys(args.sub));
    const source = args.sub[positionals[0]!];
    return source && positionals.length === 1 ? keep(await fromSource(source, names, workspace)) : [];
  }
  return positionals.length ? [] : keep(await fromSource(args, names, workspace));
}
