/**
 * What the CLI takes from core at start-up, named statically so the bundler keeps only this and what it
 * uses (a dynamic `import()` of core's index would keep every export: jobs, project files, exec…).
 * `main.ts` loads this file with `import()` when a command runs; the rest arrives through `core.load`.
 */
export { createCore } from '../core/index.js';
