/**
 * Migration of plaintext `.env` files to references (issue 16 §4): `planEnvImport` shows what would
 * happen to each variable, `applyEnvImport` does it. `keydeck import-env` and the app's import flow
 * both call these two.
 */
export { planEnvImport, MAX_ENV_BYTES } from './plan.js';
export { applyEnvImport, type ApplyOptions, type MigrateCore } from './apply.js';
export { detect, providerByName } from './detect.js';
export type { EnvImportItem, EnvImportLeak, EnvImportPlan, EnvImportResult } from '../../../shared/migrate.js';
