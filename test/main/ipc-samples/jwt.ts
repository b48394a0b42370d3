/**
 * A valid request per channel of `shared/ipc/jwt.ts`, for `test/main/ipc.test.ts` (which derives the
 * bad payloads from it). `id: 'placeholder'` is replaced by a real credential id.
 */
import type { IpcRequest } from '../../../shared/ipc-contract.js';
import type { jwtContract } from '../../../shared/ipc/jwt.js';

const TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0IiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJlLW5vdC1jaGVja2Vk';

export const JWT_SAMPLES: { [C in keyof typeof jwtContract]: IpcRequest<C> } = {
  'jwt:keys': { workspace: 'Personal' },
  'jwt:keys:create': { alg: 'ES256', workspace: 'Personal' },
  'jwt:keys:remove': { kid: 'es256-0123456789abcdef', workspace: 'Personal' },
  'jwt:mint': {
    key: 'placeholder',
    alg: 'ES256',
    template: 'realtime-session',
    ttl: '15m',
    audience: 'realtime',
    scope: 'realtime',
    issuer: 'keydeck-local',
    claims: '{"room":"demo"}',
    wsUrl: 'ws://127.0.0.1:8787/ws',
  },
  'jwt:decode': { token: TOKEN },
  'jwt:verify': { token: TOKEN, source: { kind: 'local' }, audience: 'realtime', scope: 'realtime' },
  'jwt:copy': { form: 'url', token: TOKEN, wsUrl: 'ws://127.0.0.1:8787/ws' },
  'jwt:jwks:copy': { workspace: 'Personal' },
  'jwt:apikey:issue': { userId: 'user_123', workspace: 'Personal' },
  'jwt:revocations': { workspace: 'Personal' },
  'jwt:revoke': { jti: '4f1c2b9e-0d5a-4c1e-9b7a-2e8f6d3c1a00', reason: 'leaked in a screenshot' },
  'jwt:unrevoke': { jti: '4f1c2b9e-0d5a-4c1e-9b7a-2e8f6d3c1a00', workspace: 'Personal' },
  'sandbox:start': { port: 0, audience: 'realtime', scope: 'realtime', workspace: 'Personal' },
  'sandbox:recordings': {},
  'sandbox:recordings:add': { file: '/tmp/session.jsonl' },
  'sandbox:stop': {},
  'sandbox:status': {},
  'sandbox:events': { since: 0 },
  'sandbox:test': { url: 'ws://127.0.0.1:8787/ws', token: TOKEN, via: 'header' },
  'sandbox:copy': { what: 'jwks' },
  'sandbox:ws:open': { url: 'ws://127.0.0.1:8787/ws', token: TOKEN, via: 'header' },
  'sandbox:ws:send': { text: '{"type":"ping"}' },
  'sandbox:ws:close': { code: 1000, reason: 'done' },
};
