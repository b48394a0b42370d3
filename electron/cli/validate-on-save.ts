import type { Credential } from '../../shared/domain.js';
import { flag } from './args.js';
import type { CommandContext, OptionSpec } from './command.js';

/** `--validate` / `--no-validate`, for commands that save a secret (add, rotate). */
export const VALIDATE_OPTIONS: OptionSpec = { validate: { type: 'boolean' }, 'no-validate': { type: 'boolean' } };

/**
 * Validate on save: a live probe right after storing, when the setting (or `--validate`) asks for it.
 * A failed probe does not undo the save (you may be offline); it is reported, and the result is stored
 * as the credential's badge.
 */
export async function validateOnSave(ctx: CommandContext, credential: Credential) {
  const wanted = flag(ctx, 'validate') || (!flag(ctx, 'no-validate') && ctx.core.settings.get().validateOnSave);
  if (!wanted) return undefined;
  try {
    const { validateCredential } = await ctx.core.load.validation();
    const { result } = await validateCredential(ctx.core, credential.id, { workspace: credential.workspaceId });
    ctx.notice(
      `validation: ${result.status}${result.httpStatus ? ` (HTTP ${result.httpStatus})` : ''}${result.detail ? `: ${result.detail}` : ''}`,
    );
    return result;
  } catch (err) {
    ctx.notice(`not validated: ${(err as Error).message}`);
    return undefined;
  }
}
