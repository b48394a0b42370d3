import fs from 'node:fs';
import { KeydeckError } from '../../../shared/errors.js';
import { arr, flag, nameArg, str } from '../args.js';
import type { Command } from '../command.js';
import { UsageError, confirm, readSecret } from '../io.js';
import { printable } from '../../../shared/rules.js';

/** A passphrase from stdin when piped (one line), else a hidden prompt; asked twice when exporting. */
async function passphrase(ctx: Parameters<Command['run']>[0], twice: boolean): Promise<string> {
  const first = (await readSecret(ctx.io, 'Backup passphrase (input hidden): ')).replace(/\r?\n$/, '');
  if (!first) throw new KeydeckError('INVALID_INPUT', 'The passphrase is empty.');
  if (twice && ctx.io.stdin.isTTY) {
    const again = (await readSecret(ctx.io, 'Repeat the passphrase: ')).replace(/\r?\n$/, '');
    if (again !== first) throw new KeydeckError('INVALID_INPUT', 'The passphrases differ; nothing was written.');
  }
  return first;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write an age-encrypted backup of a workspace (or all) with every secret version',
  usage: 'export [--workspace W] (--passphrase | --recipient AGE_PUBLIC_KEY...) -o FILE [--force]',
  examples: [
    'keydeck export --passphrase -o vault.age',
    'keydeck export --recipient age1… -o team.age   # opens with: age -d -i key.txt',
  ],
  allowPositionals: false,
  values: { output: 'file' },
  options: {
    passphrase: { type: 'boolean' },
    recipient: { type: 'string', multiple: true },
    output: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
  },
  async run(ctx) {
    const { checkBackupTarget, exportBackup, writeBackupFile } = await ctx.core.load.backup();
    const out = str(ctx, 'output');
    if (!out) throw new UsageError('-o FILE is required');
    const recipients = arr(ctx, 'recipient') ?? [];
    const usePass = flag(ctx, 'passphrase');
    if (usePass === recipients.length > 0)
      throw new UsageError('give either --passphrase or --recipient (one or more)');
    // The one overwrite rule (core): an existing file is replaced only with --force. Checked before
    // asking for a passphrase, and again right before writing.
    const target = { overwrite: flag(ctx, 'force'), shown: out };
    checkBackupTarget(out, target);
    const key = usePass ? { passphrase: await passphrase(ctx, true) } : { recipients };
    const res = await exportBackup(ctx.core, {
      key,
      ...(ctx.workspace ? { workspace: ctx.workspace } : {}),
    });
    writeBackupFile(out, res.bytes, target);
    for (const m of res.missing)
      ctx.notice(`"${m.name}" v${m.version}: the keychain no longer holds it; metadata only.`);
    for (const kid of res.missingSigningKeys)
      ctx.notice(`signing key ${kid}: the keychain no longer holds its private half; left out.`);
    ctx.info(
      `Exported ${res.credentials} credential(s), ${res.versions} secret version(s), ${res.workspaces} workspace(s) to ${out} (age, ${usePass ? 'passphrase' : `${recipients.length} recipient(s)`}).`,
    );
    if (res.signingKeys || res.revocations)
      ctx.info(`With ${res.signingKeys} JWT signing key(s) and ${res.revocations} revocation(s).`);
    if (res.trashed) ctx.info(`With ${res.trashed} credential(s) from the trash.`);
    return 0;
  },
};

export const importCommand: Command = {
  name: 'import',
  summary:
    'merge an age-encrypted backup (asks before overwriting; --yes overwrites; signing keys and revocations only with --accept-signing-keys)',
  usage: 'import FILE [--identity AGE_IDENTITY_FILE] [--yes] [--accept-signing-keys] [--json]',
  examples: ['keydeck import vault.age', 'keydeck import team.age --identity key.txt --yes'],
  args: 'file',
  values: { identity: 'file' },
  options: {
    identity: { type: 'string', short: 'i' },
    yes: { type: 'boolean', short: 'y' },
    'accept-signing-keys': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const { importBackup, inspectBackup, openBackup, readIdentityFile } = await ctx.core.load.backup();
    const file = nameArg(ctx, 'FILE');
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new KeydeckError(
        'PATH_NOT_FOUND',
        code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file}: ${code}`,
      );
    }
    const { needs } = inspectBackup(bytes);
    const idFile = str(ctx, 'identity');
    let doc;
    if (idFile) {
      doc = await openBackup(bytes, { identities: readIdentityFile(idFile) });
    } else if (needs === 'identity') {
      throw new UsageError('this backup is encrypted to age recipients: pass --identity AGE_IDENTITY_FILE');
    } else {
      doc = await openBackup(bytes, { passphrase: await passphrase(ctx, false) });
    }
    const yes = flag(ctx, 'yes');
    const report = await importBackup(ctx.core, doc, {
      overwrite: async (c) =>
        yes ? true : confirm(ctx.io, `"${c.name}" in "${c.workspace}" exists and differs. Overwrite it?`),
      acceptSigningKeys: flag(ctx, 'accept-signing-keys'),
    });
    if (flag(ctx, 'json')) {
      ctx.out(JSON.stringify(report, null, 2));
      return 0;
    }
    for (const w of report.workspacesAdded) ctx.info(`workspace added: ${w}`);
    for (const n of report.added) ctx.info(`added: ${n}`);
    for (const n of report.updated) ctx.info(`updated: ${n}`);
    for (const n of report.trashAdded) ctx.info(`in the trash: ${n}`);
    for (const s of report.skipped) ctx.info(`skipped: ${s.name} (${printable(s.reason)})`);
    for (const k of report.signingKeysAdded) ctx.info(`signing key added: ${printable(k)}`);
    for (const k of report.signingKeysSkipped) ctx.info(`signing key skipped: ${printable(k.kid)} (${k.reason})`);
    if (report.revocationsAdded) ctx.info(`revocations added: ${report.revocationsAdded}`);
    for (const k of report.signingKeysPending) {
      ctx.info(
        `signing key NOT imported: ${printable(k.kid)} (${k.alg}) for workspace "${k.workspace}" (${k.matchedBy})`,
      );
    }
    if (report.signingKeysPending.length || report.revocationsPending) {
      ctx.notice(
        `The backup holds ${report.signingKeysPending.length} JWT signing key(s) and ${report.revocationsPending} revocation(s); they were not imported. A signing key makes tokens verify: run again with --accept-signing-keys only if you trust who made this backup.`,
      );
    }
    if (!yes && report.skipped.some((s) => s.reason.includes('not overwritten'))) {
      ctx.notice('Credentials that exist and differ were kept; run again with --yes to overwrite them.');
    }
    ctx.info(`${report.added.length} added, ${report.updated.length} updated, ${report.skipped.length} skipped.`);
    return 0;
  },
};
