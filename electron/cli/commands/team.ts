import path from 'node:path';
import { flag, json, oneOf, str } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../io.js';
import { quoteArg } from '../../../shared/echo.js';
import { didYouMean } from '../suggest.js';
import type { StatusItem } from '../../core/index.js';

const SUBS = ['init', 'whoami', 'member', 'share', 'unshare', 'sync', 'status'];
const LABEL: Record<StatusItem['state'], string> = {
  'in-sync': 'in sync',
  'local-newer': 'local newer',
  'team-newer': 'team newer',
  conflict: 'conflict',
  unreadable: 'unreadable',
};

function ws(ctx: CommandContext): { workspace?: string } {
  return ctx.workspace ? { workspace: ctx.workspace } : {};
}

async function member(ctx: CommandContext, args: string[]): Promise<number> {
  const team = (await ctx.core.load.team()).teamService(ctx.core);
  const [op, arg, ...rest] = args;
  if (rest.length) throw new UsageError('too many arguments');
  if (op === 'list' || op === undefined) {
    const members = await team.members(ws(ctx));
    if (flag(ctx, 'json')) ctx.out(json(members));
    else for (const m of members) ctx.out(`${m.name}\t${m.recipient}`);
    return 0;
  }
  if (op === 'add') {
    const name = str(ctx, 'name');
    if (!arg || !name) throw new UsageError('team member add needs age1… and --name NAME');
    const r = await team.memberAdd(arg, name, ws(ctx));
    ctx.info(`Added member "${name}"; re-encrypted ${r.reencrypted} file(s). Run keydeck team sync to push.`);
    for (const u of r.unreadable) ctx.notice(`not re-encrypted (you cannot open it): ${u}`);
    return 0;
  }
  if (op === 'rm') {
    if (!arg) throw new UsageError('team member rm needs the member NAME');
    const r = await team.memberRm(arg, ws(ctx));
    ctx.info(`Removed member "${arg}"; re-encrypted ${r.reencrypted} file(s) to the remaining members.`);
    if (r.exposed.length) ctx.notice(`exposed: rotate ${r.exposed.join(', ')} (git history keeps the old ciphertexts)`);
    for (const u of r.unreadable) ctx.notice(`not re-encrypted (you cannot open it): ${u}`);
    return 0;
  }
  throw new UsageError(`unknown team member command ${quoteArg(op)} (add, rm, list).`);
}

export const teamCommand: Command = {
  name: 'team',
  summary: 'share credentials with a team through a git + age store (passage layout)',
  usage:
    'team init DIR|GIT_URL | whoami [--export FILE] | member add age1… --name NAME | member rm NAME | member list | share NAME...|--all | unshare NAME... | sync [--take mine|theirs NAME] | status [--json] [--offline]',
  examples: [
    'keydeck team init git@github.com:acme/keys.git',
    'keydeck team whoami',
    'keydeck team member add age1… --name alice',
    'keydeck team share openai-prod',
    'keydeck team share --all',
    'keydeck team sync',
    'keydeck team status --json',
    'keydeck team sync --take theirs openai-prod',
  ],
  args: {
    sub: {
      init: 'file',
      whoami: null,
      member: ['add', 'rm', 'list'],
      share: 'credential',
      unshare: 'credential',
      sync: null,
      status: null,
    },
  },
  values: { export: 'file', take: ['mine', 'theirs'] },
  options: {
    json: { type: 'boolean' },
    name: { type: 'string' },
    export: { type: 'string' },
    take: { type: 'string' },
    offline: { type: 'boolean' },
    all: { type: 'boolean' },
  },
  allowPositionals: true,
  async run(ctx) {
    const [sub, ...args] = ctx.positionals;
    if (!sub || !SUBS.includes(sub)) {
      throw new UsageError(
        `${sub ? `unknown team command ${quoteArg(sub)}` : 'team needs a command'} (${SUBS.join(', ')}).${sub ? didYouMean(sub, SUBS) : ''}`,
      );
    }
    const { teamService } = await ctx.core.load.team();
    const team = teamService(ctx.core);
    if (sub === 'member') return member(ctx, args);
    if (sub === 'init') {
      if (args.length !== 1) throw new UsageError('team init needs one DIR or GIT_URL');
      const r = await team.init(args[0]!, ws(ctx));
      ctx.info(`Linked workspace "${r.workspace}" to the team store ${r.store}${r.cloned ? ' (cloned)' : ''}.`);
      return 0;
    }
    if (sub === 'whoami') {
      if (args.length) throw new UsageError('team whoami takes no arguments');
      const file = str(ctx, 'export');
      if (file) {
        const recipient = await team.exportIdentity(path.resolve(file));
        ctx.info(`Wrote your age identity to ${file} (mode 600). Use it with: age -d -i ${file} FILE.age`);
        ctx.out(recipient);
        return 0;
      }
      const r = await team.whoami();
      if (r.created) ctx.info('Created your team identity (X25519 age identity, kept in the keychain).');
      ctx.out(r.recipient);
      return 0;
    }
    if (sub === 'share' || sub === 'unshare') {
      const all = sub === 'share' && flag(ctx, 'all');
      if (all && args.length) throw new UsageError('team share takes NAME... or --all, not both');
      if (!args.length && !all)
        throw new UsageError(`team ${sub} needs at least one NAME${sub === 'share' ? ' (or --all)' : ''}`);
      if (sub === 'share')
        ctx.info(
          `Shared ${(await team.share(args, { ...ws(ctx), all })).shared.length} credential(s). Run keydeck team sync to push.`,
        );
      else
        ctx.info(
          `Unshared ${(await team.unshare(args, ws(ctx))).unshared.length} credential(s). Run keydeck team sync to push.`,
        );
      return 0;
    }
    if (sub === 'sync') {
      const side = oneOf(str(ctx, 'take'), ['mine', 'theirs'] as const, 'take');
      if (side && args.length !== 1) throw new UsageError('--take mine|theirs needs the credential NAME');
      if (!side && args.length) throw new UsageError('team sync takes no NAME without --take');
      const r = await team.sync({ ...ws(ctx), ...(side ? { take: { side, name: args[0]! } } : {}) });
      for (const n of r.applied) ctx.info(`← ${n}`);
      for (const n of r.pushed) ctx.info(`→ ${n}`);
      for (const n of r.unshared) ctx.info(`unshared by the team: ${n} (kept here)`);
      for (const n of r.conflicts)
        ctx.notice(
          `conflict: ${n} changed here and in the team; pick a side: keydeck team sync --take mine|theirs ${quoteArg(n)}`,
        );
      for (const u of r.unreadable) ctx.notice(`not applied: ${u.path}: ${u.reason}`);
      ctx.info(
        `Synced: ${r.applied.length} in, ${r.pushed.length} out${r.conflicts.length ? `, ${r.conflicts.length} conflict(s)` : ''}.`,
      );
      return r.conflicts.length ? 1 : 0;
    }
    // status
    if (args.length) throw new UsageError('team status takes no arguments');
    const items = await team.status({ ...ws(ctx), offline: flag(ctx, 'offline') });
    if (flag(ctx, 'json')) ctx.out(json(items));
    else
      for (const i of items)
        ctx.out(
          `${LABEL[i.state].padEnd(12)} ${i.name}${i.exposed ? '  [exposed: rotate]' : ''}${i.detail ? `  (${i.detail})` : ''}`,
        );
    return 0;
  },
};
