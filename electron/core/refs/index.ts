/**
 * References (issue 16 §1–3): the grammar (./reference.ts), resolving them all or nothing
 * (./resolve.ts), and the env files that hold them (../env-file.ts). Loaded on demand:
 * `core.load.refs()`.
 */
export {
  REFERENCE_FIELDS,
  REFERENCE_GRAMMAR,
  REFERENCE_SCHEME,
  findReferences,
  formatReference,
  parseReference,
  type FoundReference,
  type Reference,
  type ReferenceField,
} from './reference.js';
export { resolveReferences, type ReferenceRequest, type ResolvedReferences } from './resolve.js';
export { ENV_VALUE_MAX_BYTES, parseEnvFile, type EnvEntry, type EnvQuote } from '../env-file.js';
export { BASIC_ENV, resolveRunEnv, type RunEnv, type RunEnvOptions } from './run-env.js';
export { TEMPLATE_FILTERS, parseTemplate, renderTemplate, type Placeholder, type TemplateFilter } from './template.js';
export { checkSecretOutput, writeSecretFile } from './safe-output.js';
