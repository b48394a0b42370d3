/**
 * Encrypted backups: the age file format (./format.ts, with scrypt off the event loop in ./scrypt.ts,
 * sealed and opened in a worker thread by ./off-thread.ts),
 * export and the one overwrite rule (./export.ts), and import as a stranger's request (./check.ts,
 * ./merge.ts).
 */
export {
  BACKUP_FORMAT,
  inspectBackup,
  parseIdentities,
  readIdentityFile,
  recipientOf,
  type BackupDocument,
  type BackupKey,
  type BackupOpenKey,
} from './format.js';
export { openBackup, sealBackup } from './off-thread.js';
export { DEFAULT_SCRYPT_WORK_FACTOR } from './scrypt.js';
export {
  checkBackupTarget,
  exportBackup,
  writeBackupFile,
  type BackupSource,
  type ExportOptions,
  type ExportResult,
} from './export.js';
export {
  importBackup,
  previewImport,
  sameCredential,
  type ImportOptions,
  type ImportPreview,
  type ImportReport,
  type OverwriteQuestion,
  type PendingSigningKey,
  type PlannedItem,
} from './merge.js';
