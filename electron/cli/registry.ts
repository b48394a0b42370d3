import type { Command } from './command.js';
import { addCommand } from './commands/add.js';
import { doctorCommand, reconcileCommand } from './commands/doctor.js';
import { listCommand, showCommand } from './commands/list.js';
import { rmCommand } from './commands/rm.js';
import { trashCommand } from './commands/trash.js';
import { retireCommand, rotateCommand } from './commands/rotate.js';
import { envCommand, headerCommand, headersCommand } from './commands/use.js';
import { snippetCommand } from './commands/snippet.js';
import { workspaceCommand } from './commands/workspace.js';
import { exportCommand, importCommand } from './commands/backup.js';
import { copyCommand } from './commands/copy.js';
import { execCommand } from './commands/exec.js';
import { allowCommand } from './commands/allow.js';
import { denyCommand } from './commands/deny.js';
import { direnvCommand } from './commands/direnv.js';
import { readCommand } from './commands/read.js';
import { refCommand } from './commands/ref.js';
import { runCommand } from './commands/run.js';
import { injectCommand } from './commands/inject.js';
import { scanCommand } from './commands/scan.js';
import { importEnvCommand } from './commands/import-env.js';
import { validateCommand } from './commands/validate.js';
import { jwksCommand, jwtCommand } from './commands/jwt.js';
import { sandboxCommand } from './commands/sandbox.js';
import { teamCommand } from './commands/team.js';

/** Every `keydeck` command, in the order `keydeck help` lists them. Add new commands here. */
export const COMMANDS: Command[] = [
  addCommand,
  listCommand,
  showCommand,
  headerCommand,
  headersCommand,
  snippetCommand,
  envCommand,
  rotateCommand,
  retireCommand,
  rmCommand,
  trashCommand,
  workspaceCommand,
  doctorCommand,
  reconcileCommand,
  execCommand,
  allowCommand,
  denyCommand,
  direnvCommand,
  runCommand,
  injectCommand,
  readCommand,
  refCommand,
  scanCommand,
  importEnvCommand,
  copyCommand,
  exportCommand,
  importCommand,
  validateCommand,
  jwtCommand,
  jwksCommand,
  sandboxCommand,
  teamCommand,
];
