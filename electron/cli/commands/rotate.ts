import { flag, json, nameArg, str } from '../args.js';
import type { Command } from '../command.js';
import { VALIDATE_OPTIONS, validateOnSave } from '../validate-on-save.js';
import { UsageError, readSecret } from '../io.js';

export const rotateCommand: Command = {
  name: 'rotate',
  summary: 'store a new secret version; the old one keeps working during the overlap',
  usage: 'rotate NAME [--validate | --no-validate] [--json]',
  examples: [
    'printf %s "$NEW_KEY" | keydeck rotate OpenAI',
    'keydeck rotate OpenAI   # asks for the new key, input hidden',
  ],
  args: 'credential',
  options: { json: { type: 'boolean' }, ...VALIDATE_OPTIONS },
  async run(ctx) {
    const name = nameArg(ctx);
    const secret = await readSecret(ctx.io, `New secret for "${name}" (input hidden): `);
    const { credential, notices } = await ctx.core.credentials.rotate(name, secret, ctx.workspace);
    for (const n of notices) ctx.notice(n.message);
    const validation = await validateOnSave(ctx, credential);
    if (flag(ctx, 'json')) {
      ctx.out(json(validation ? { ...credential, validation } : credential));
      return 0;
    }
    const active = credential.versions.find((v) => v.status === 'active')!;
    const retiring = credential.versions.filter((v) => v.status === 'retiring');
    ctx.info(`Rotated "${credential.name}": v${active.version} ${active.displayPrefix} is active.`);
    for (const v of retiring)
      ctx.info(
        `v${v.version} keeps working until ${v.retiringUntil}; retire it sooner with: keydeck retire "${credential.name}" --version ${v.version}`,
      );
    return 0;
  },
};

export const retireCommand: Command = {
  name: 'retire',
  summary: 'stop using an old secret version',
  usage: 'retire NAME --version N',
  examples: ['keydeck retire OpenAI --version 1'],
  args: 'credential',
  options: { version: { type: 'string' } },
  async run(ctx) {
    const name = nameArg(ctx);
    const raw = str(ctx, 'version');
    if (raw === undefined || !/^\d+$/.test(raw)) throw new UsageError('--version N is required (a version number)');
    const cred = await ctx.core.credentials.retire(name, Number(raw), ctx.workspace);
    ctx.info(`Retired v${raw} of "${cred.name}".`);
    return 0;
  },
};
