import { AUDIENCES, KINDS, WRITE_PERMISSIONS, type WritePermission } from '../../../shared/constants.js';
import { AUTH_SCHEME } from '../../../shared/provider-auth.js';
import { PROVIDERS } from '../../../shared/providers.js';
import { arr, json, nameArg, oneOf, str, flag } from '../args.js';
import type { Command } from '../command.js';
import { VALIDATE_OPTIONS, validateOnSave } from '../validate-on-save.js';
import { UsageError, readSecret } from '../io.js';

export const addCommand: Command = {
  name: 'add',
  summary: 'store a new credential (the secret from stdin or a hidden prompt)',
  usage:
    'add NAME --kind standard|realtime|byok [--provider P] [--audience secret|public] [--scope S]... ' +
    '[--write voice|router]... [--origin URL]... [--assistant ID]... [--env VAR] [--base-url URL] [--auth bearer|basic|header:NAME] [--tag T]... [--expires DATE] [--note TEXT] [--validate | --no-validate] [--json]',
  examples: [
    'printf %s "$OPENAI_API_KEY" | keydeck add OpenAI --kind byok --provider openai',
    'keydeck add "Inworld prod" --kind standard --write voice --tag prod   # asks for the key, input hidden',
  ],
  values: { kind: KINDS, provider: PROVIDERS, audience: AUDIENCES, write: WRITE_PERMISSIONS },
  options: {
    kind: { type: 'string' },
    provider: { type: 'string' },
    audience: { type: 'string' },
    scope: { type: 'string', multiple: true },
    write: { type: 'string', multiple: true },
    origin: { type: 'string', multiple: true },
    assistant: { type: 'string', multiple: true },
    env: { type: 'string' },
    'base-url': { type: 'string' },
    auth: { type: 'string' },
    tag: { type: 'string', multiple: true },
    expires: { type: 'string' },
    note: { type: 'string' },
    json: { type: 'boolean' },
    ...VALIDATE_OPTIONS,
  },
  async run(ctx) {
    const name = nameArg(ctx);
    const kind = oneOf(str(ctx, 'kind'), KINDS, 'kind');
    if (!kind) throw new UsageError('--kind is required (standard, realtime or byok)');
    const provider = oneOf(str(ctx, 'provider'), PROVIDERS, 'provider');
    const audience = oneOf(str(ctx, 'audience'), AUDIENCES, 'audience');
    const auth = str(ctx, 'auth');
    if (auth !== undefined && !AUTH_SCHEME.test(auth)) {
      throw new UsageError('--auth must be bearer, basic or header:NAME (NAME: letters, digits and -)');
    }
    const write = arr(ctx, 'write')?.map((w) => oneOf(w, WRITE_PERMISSIONS, 'write') as WritePermission);
    const secret = await readSecret(ctx.io, `Secret for "${name}" (input hidden): `);
    const { credential, notices } = await ctx.core.credentials.create(
      {
        name,
        kind,
        ...(ctx.workspace ? { workspace: ctx.workspace } : {}),
        ...(provider ? { provider } : {}),
        ...(audience ? { audience } : {}),
        ...(auth ? { authScheme: auth } : {}),
        scopes: arr(ctx, 'scope'),
        writePermissions: write,
        allowedOrigins: arr(ctx, 'origin'),
        allowedAssistants: arr(ctx, 'assistant'),
        envVar: str(ctx, 'env'),
        baseUrl: str(ctx, 'base-url'),
        tags: arr(ctx, 'tag'),
        expiresAt: str(ctx, 'expires'),
        note: str(ctx, 'note'),
      },
      secret,
    );
    for (const n of notices) ctx.notice(n.message);
    const validation = await validateOnSave(ctx, credential);
    if (flag(ctx, 'json')) ctx.out(json(validation ? { ...credential, validation } : credential));
    else
      ctx.info(
        `Added "${credential.name}" (${credential.kind}, ${credential.provider}) ${credential.displayPrefix} ${credential.fingerprint}`,
      );
    return 0;
  },
};
