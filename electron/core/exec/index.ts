/**
 * `keydeck exec`: runs a command with credentials in its environment. Secrets travel only in the
 * child's environment block: never in argv (ours or the child's), and in a file only when asked
 * (`--google-credentials-file`: a 0600 key file for Google's client libraries, removed when the child
 * exits). A Vertex AI key also hands the child a short-lived access token. By default the child's
 * stdout and stderr are piped through a masker that replaces any secret value it prints.
 *
 * The parts: the project's `.keydeck` file (./project-file.ts), which credentials and what the child
 * gets of each (./env.ts, ./hand-off.ts), the masker (./masker.ts) and the child's run (./run.ts).
 */
export { PROJECT_FILE, findProjectFile, projectFileText, execCommandLine, type ProjectFile } from './project-file.js';
export { resolveExecEnv, type ExecEnv } from './env.js';
export { GOOGLE_ADC_ENV } from './hand-off.js';
export { Masker } from './masker.js';
export { runWithSecrets, type RunOptions, type RunResult } from './run.js';
export { NOT_FOUND_EXIT, NOT_EXECUTABLE_EXIT } from './child.js';
