import { flag, json } from '../args.js';
import type { Command } from '../command.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the keychain backend and the catalog',
  usage: 'doctor [--json]',
  examples: ['keydeck doctor', 'keydeck doctor --json'],
  options: { json: { type: 'boolean' } },
  allowPositionals: false,
  async run(ctx) {
    const r = await ctx.core.doctor();
    if (flag(ctx, 'json')) {
      ctx.out(json(r));
      return r.ok ? 0 : 1;
    }
    const k = r.keychain;
    const c = r.catalog;
    ctx.out(`Keychain:  ${k.label} (${k.id}), service "${k.service}": ${k.reachable ? 'reachable' : 'NOT reachable'}`);
    ctx.out(`           ${k.persistent ? 'persistent' : 'NOT persistent: keys would be lost on reboot'}; ${k.detail}`);
    if (k.error) ctx.out(`           error[${k.error.code}]: ${k.error.message}`);
    ctx.out(`Catalog:   ${c.path}`);
    ctx.out(
      `           ${c.healthy ? 'healthy' : 'UNHEALTHY'}, mode ${c.mode ?? '-'}${c.private ? '' : ' (should be 0600)'}`,
    );
    if (c.error) ctx.out(`           error[${c.error.code}]: ${c.error.message}`);
    ctx.out(
      `           ${c.workspaces} workspace(s), ${c.credentials} credential(s), ${c.missingSecrets} missing secret(s), ${c.pendingDeletes} pending delete(s)`,
    );
    ctx.out(r.ok ? 'All good.' : 'Problems found.');
    return r.ok ? 0 : 1;
  },
};

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'compare keychain and catalog; adopt or clean keychain entries without metadata',
  usage: 'reconcile [--adopt | --clean] [--json]',
  examples: ['keydeck reconcile', 'keydeck reconcile --adopt   # keep keychain entries the catalog lost'],
  options: { adopt: { type: 'boolean' }, clean: { type: 'boolean' }, json: { type: 'boolean' } },
  allowPositionals: false,
  async run(ctx) {
    const r = await ctx.core.credentials.reconcile({ adopt: flag(ctx, 'adopt'), clean: flag(ctx, 'clean') });
    if (flag(ctx, 'json')) {
      ctx.out(json(r));
      return 0;
    }
    for (const a of r.adopted) ctx.out(`adopted   ${a.name} v${a.version}`);
    for (const k of r.signingKeysAdopted) ctx.out(`adopted   signing key ${k}`);
    for (const a of r.cleaned) ctx.out(`cleaned   ${a}`);
    for (const o of r.orphans) ctx.out(`orphan    ${o.account}: ${o.reason}`);
    for (const m of r.missing) ctx.out(`missing   ${m}: its secret is gone from the keychain`);
    for (const m of r.restored) ctx.out(`restored  ${m}`);
    if (r.orphans.length && !flag(ctx, 'adopt') && !flag(ctx, 'clean'))
      ctx.info('Run with --adopt to keep orphaned entries, or --clean to delete them.');
    if (
      !r.adopted.length &&
      !r.signingKeysAdopted.length &&
      !r.cleaned.length &&
      !r.orphans.length &&
      !r.missing.length &&
      !r.restored.length
    )
      ctx.out('Keychain and catalog agree.');
    return 0;
  },
};
