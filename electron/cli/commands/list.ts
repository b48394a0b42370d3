import type { Credential } from '../../../shared/domain.js';
import { PROVIDER_DESCRIPTORS } from '../../../shared/providers.js';
import { teamLabel, type TeamMark } from '../../../shared/team.js';
import { flag, json, nameArg } from '../args.js';
import type { Command } from '../command.js';

function age(iso: string, now = Date.now()): string {
  const days = Math.floor((now - Date.parse(iso)) / 86_400_000);
  return days <= 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The state column: `leaked: rotate` when the secret was found in a git history (import-env). */
function stateOf(c: Credential): string {
  return c.leak ? `${c.state === 'ok' ? '' : `${c.state}, `}leaked: rotate` : c.state;
}

export const listCommand: Command = {
  name: 'list',
  summary: 'list credentials (metadata only; never a secret)',
  usage: 'list [--json] [--search TEXT] [--all-workspaces]',
  examples: ['keydeck list --search prod', "keydeck list --json | jq -r '.[].name'"],
  options: { json: { type: 'boolean' }, search: { type: 'string' }, 'all-workspaces': { type: 'boolean' } },
  allowPositionals: false,
  async run(ctx) {
    const search = typeof ctx.values.search === 'string' ? ctx.values.search : undefined;
    const creds = ctx.core.credentials.list({
      ...(ctx.workspace ? { workspace: ctx.workspace } : {}),
      ...(search ? { text: search } : {}),
      allWorkspaces: flag(ctx, 'all-workspaces'),
    });
    const marks = ctx.core.teamMarks();
    if (flag(ctx, 'json')) {
      ctx.out(json(creds.map((c) => withTeam(c, marks.get(c.id)))));
      return 0;
    }
    if (!creds.length) {
      ctx.info(
        search
          ? 'No credential matches.'
          : 'No credentials yet. Add one: printf %s "$KEY" | keydeck add NAME --kind standard',
      );
      return 0;
    }
    const rows = [['NAME', 'KIND', 'PROVIDER', 'AUDIENCE', 'PREFIX', 'ROTATED', 'STATE']];
    for (const c of creds) {
      const team = teamLabel(marks.get(c.id));
      const state = stateOf(c) + (team ? `, ${team}` : '');
      rows.push([c.name, c.kind, c.provider, c.audience, c.displayPrefix, age(c.rotatedAt ?? c.createdAt), state]);
    }
    ctx.out(table(rows));
    return 0;
  },
};

/** A credential as `--json` prints it: with `team` ({path, exposed?}) when it is shared with a team store. */
function withTeam(c: Credential, mark: TeamMark | undefined): Credential & { team?: TeamMark } {
  return mark ? { ...c, team: mark } : c;
}

function describe(c: Credential, mark: TeamMark | undefined): string {
  const lines: [string, string][] = [
    ['Name', c.name],
    ['Kind', c.kind],
    ['Audience', c.audience],
    ['Provider', PROVIDER_DESCRIPTORS[c.provider].displayName],
    ['Auth', c.authScheme],
    ['Env var', c.envVar],
    ['Base URL', c.baseUrl ?? `${PROVIDER_DESCRIPTORS[c.provider].baseUrl || '-'} (default)`],
    ['Prefix', c.displayPrefix],
    ['Fingerprint', c.fingerprint],
    ['Scopes', c.scopes.join(', ') || '-'],
    ['Write', c.writePermissions.join(', ') || '-'],
    ['Origins', c.allowedOrigins.join(', ') || '-'],
    ['Assistants', c.allowedAssistants.join(', ') || '-'],
    ['Tags', c.tags.join(', ') || '-'],
    ['Created', c.createdAt],
    ['Rotated', c.rotatedAt ?? '-'],
    ['Expires', c.expiresAt ?? '-'],
    ['State', c.state],
    ['Validation', c.validation ? `${c.validation.status} (${c.validation.checkedAt})` : '-'],
    [
      'Router',
      c.routerCheck
        ? `${c.routerCheck.credentialType}${c.routerCheck.model ? ` via ${c.routerCheck.model}` : ''} (${c.routerCheck.checkedAt})`
        : '-',
    ],
  ];
  if (c.leak) {
    lines.push(['Leaked', `rotate: found in git commit ${c.leak.commit} (${c.leak.file}) on ${c.leak.foundAt}`]);
  }
  if (mark) {
    lines.push(['Team', `shared (${mark.path})`]);
    if (mark.exposed)
      lines.push([
        'Exposed',
        `rotate: member ${mark.exposed.member} was removed on ${mark.exposed.at} (could read v${mark.exposed.version})`,
      ]);
  }
  if (c.note) lines.push(['Note', c.note]);
  const head = lines.map(([k, v]) => `${(k + ':').padEnd(13)}${v}`).join('\n');
  const versions = c.versions
    .map(
      (v) =>
        `  v${v.version}  ${v.status.padEnd(8)}  ${v.displayPrefix}  ${v.fingerprint}${v.retiringUntil ? `  until ${v.retiringUntil}` : ''}`,
    )
    .join('\n');
  return `${head}\nVersions:\n${versions}`;
}

export const showCommand: Command = {
  name: 'show',
  summary: "show one credential's metadata",
  usage: 'show NAME [--json]',
  examples: ['keydeck show OpenAI', "keydeck show OpenAI --json | jq '.versions'"],
  options: { json: { type: 'boolean' } },
  args: 'credential',
  async run(ctx) {
    const cred = ctx.core.credentials.get(nameArg(ctx), ctx.workspace);
    const mark = ctx.core.teamMarks().get(cred.id);
    ctx.out(flag(ctx, 'json') ? json(withTeam(cred, mark)) : describe(cred, mark));
    return 0;
  },
};
