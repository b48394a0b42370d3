/** Test helpers for the JWT suites: a realtime credential on a real core, and hand-signed tokens. */
import { createHmac } from 'node:crypto';
import type { TestCore } from '../../harness/core.js';

export const RT_PAIR = 'rtkey0001:supersecretvalue-0001';

export async function addRealtime(core: TestCore, name = 'rt-demo', pair = RT_PAIR): Promise<string> {
  const { credential } = await core.credentials.create({ name, kind: 'realtime' }, pair);
  return credential.id;
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** An HS256 token signed by hand (so tests can put anything in the header or claims). */
export function hsToken(header: Record<string, unknown>, claims: Record<string, unknown>, secret: string): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export const nowSec = () => Math.floor(Date.now() / 1000);
