import type { Settings } from '../../shared/domain.js';
import { KeydeckError } from '../../shared/errors.js';
import type { Catalog } from './catalog.js';
import { checkBaseUrl } from './rules.js';

export class SettingsService {
  constructor(private readonly catalog: Catalog) {}

  get(): Settings {
    return this.catalog.read().settings;
  }

  async update(patch: unknown): Promise<Settings> {
    const { settingsSchema } = await import('../../shared/domain.js'); // zod: on writes only
    const parsed = settingsSchema.partial().strict().safeParse(patch);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      throw new KeydeckError('INVALID_INPUT', `${i.path.map(String).join('.') || 'settings'}: ${i.message}`);
    }
    const p = parsed.data;
    if (p.globalBaseUrl) p.globalBaseUrl = checkBaseUrl(p.globalBaseUrl);
    return this.catalog.mutate((data) => {
      data.settings = { ...data.settings, ...p };
      if (!data.settings.globalBaseUrl) delete data.settings.globalBaseUrl;
      return data.settings;
    });
  }
}
