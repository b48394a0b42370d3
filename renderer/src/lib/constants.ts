/** Enumerations the UI needs at run time, without pulling zod into the renderer bundle. */
import type { Audience, Kind, WritePermission } from '../../../shared/domain.js';

export const KINDS: readonly Kind[] = ['standard', 'realtime', 'byok'];
export const AUDIENCES: readonly Audience[] = ['secret', 'public'];
export const WRITE_PERMISSIONS: readonly WritePermission[] = ['voice', 'router'];
export const SECRET_LIMIT_BYTES = 16 * 1024;
