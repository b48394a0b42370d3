/**
 * `keydeck help`, `keydeck help COMMAND` and `COMMAND --help`: what each command does, its usage, the
 * options every command takes, and at least one example. Pure text from the registry: no core.
 */
import type { Command } from './command.js';
import { NO_PAINT, type Paint } from './style.js';

declare const __KEYDECK_VERSION__: string | undefined;
/** package.json's version, set by the build (scripts/build.mjs); `dev` when run from source. */
export const VERSION = typeof __KEYDECK_VERSION__ === 'string' ? __KEYDECK_VERSION__ : 'dev';

/** Commands handled before the registry (no core): `help`, `completion`, `version`. */
export const BUILTINS: readonly { name: string; summary: string; usage: string; examples: readonly string[] }[] = [
  {
    name: 'completion',
    summary: 'print a shell completion script: commands, options, credential and workspace names',
    usage: 'completion bash|zsh|fish',
    examples: [
      "echo 'source <(keydeck completion bash)' >> ~/.bashrc",
      'keydeck completion zsh > "${fpath[1]}/_keydeck"',
      'keydeck completion fish > ~/.config/fish/completions/keydeck.fish',
    ],
  },
  {
    name: 'help',
    summary: "show a command's usage, options and an example",
    usage: 'help [COMMAND]',
    examples: ['keydeck help header'],
  },
  { name: 'version', summary: 'print the version', usage: 'version | --version', examples: ['keydeck --version'] },
];

/** The options every command takes, as `keydeck help` lists them. */
export const GLOBAL_OPTIONS: readonly [flag: string, what: string][] = [
  ['-w, --workspace W', 'the workspace to use (default: the active one)'],
  ['-q, --quiet', 'only the asked-for value: no notices, no confirmations'],
  ['    --no-color', 'no colour (also NO_COLOR=1); colour is used only on a terminal'],
  ['-h, --help', "this command's usage and an example"],
];

const INTRO = 'keydeck: your API keys, kept in the OS keychain.';

function rows(list: readonly [string, string][], paint: Paint, indent = '  '): string[] {
  const width = Math.max(...list.map(([a]) => a.length));
  return list.map(([a, b]) => `${indent}${paint.bold(a.padEnd(width))}  ${b}`);
}

/** `keydeck help`: every command with its summary. */
export function overview(commands: readonly Command[], paint: Paint = NO_PAINT): string {
  const all: [string, string][] = [...commands, ...BUILTINS].map((c) => [c.name, c.summary]);
  return [
    INTRO,
    '',
    `${paint.bold('Usage:')} keydeck COMMAND [ARGS] [OPTIONS]`,
    '',
    paint.bold('Commands:'),
    ...rows(all, paint),
    '',
    paint.bold('Options for every command:'),
    ...rows(GLOBAL_OPTIONS, paint),
    '',
    'Reading commands take --json. Values go to stdout; notices and confirmations to stderr.',
    'Secrets are read from stdin when piped, else from a hidden prompt; never from arguments.',
    'KEYDECK_HOME moves the catalog folder. `keydeck help COMMAND` shows its usage and an example.',
  ].join('\n');
}

/** `keydeck help NAME` / `keydeck NAME --help`. */
export function commandHelp(
  cmd: Pick<Command, 'name' | 'summary' | 'usage' | 'examples'>,
  paint: Paint = NO_PAINT,
): string {
  const usage = cmd.usage
    .split('\n')
    .map((l, i) => (i === 0 ? `  keydeck ${l}` : `  ${l.trimStart()}`))
    .join('\n');
  const examples = cmd.examples.map(
    (e) => `  ${e.startsWith('keydeck') || e.includes('keydeck ') ? e : `keydeck ${e}`}`,
  );
  return [
    `keydeck ${cmd.name}: ${cmd.summary}`,
    '',
    paint.bold('Usage:'),
    usage,
    '',
    paint.bold(cmd.examples.length > 1 ? 'Examples:' : 'Example:'),
    ...examples,
    '',
    paint.bold('Options for every command:'),
    ...rows(GLOBAL_OPTIONS, paint),
  ].join('\n');
}
