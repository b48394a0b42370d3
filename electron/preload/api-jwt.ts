/** `window.keydeck.jwt` and `window.keydeck.sandbox`-style methods: one named method per channel of `shared/ipc/jwt.ts`. */
import type { Callers } from './callers.js';

export function jwtApi({ call, none, events }: Callers) {
  return {
    keys: call('jwt:keys'),
    createKey: call('jwt:keys:create'),
    removeKey: call('jwt:keys:remove'),
    mint: call('jwt:mint'),
    decode: call('jwt:decode'),
    verify: call('jwt:verify'),
    copy: call('jwt:copy'),
    copyJwks: call('jwt:jwks:copy'),
    issueApiKey: call('jwt:apikey:issue'),
    revocations: call('jwt:revocations'),
    revoke: call('jwt:revoke'),
    unrevoke: call('jwt:unrevoke'),
    sandbox: {
      start: call('sandbox:start'),
      stop: none('sandbox:stop'),
      status: none('sandbox:status'),
      events: call('sandbox:events'),
      /** Each new log line (and the stop), pushed by main; returns the unsubscribe function. */
      onEvent: events('sandbox:event'),
      test: call('sandbox:test'),
      /** Copies the running sandbox's WebSocket, JWKS or token URL through main's clipboard. */
      copy: call('sandbox:copy'),
      recordings: none('sandbox:recordings'),
      addRecording: call('sandbox:recordings:add'),
      /** The tester's persistent session: open, send text frames, close with a code. */
      ws: {
        open: call('sandbox:ws:open'),
        write: call('sandbox:ws:send'),
        close: call('sandbox:ws:close'),
        /** Each frame of the open session, pushed by main; returns the unsubscribe function. */
        onFrame: events('sandbox:ws:frame'),
      },
    },
  };
}
