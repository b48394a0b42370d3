/** The local realtime sandbox and the connection tester. */
export {
  SandboxServer,
  DEFAULT_LIMITS,
  WS_PATH,
  type SandboxOptions,
  type SandboxEvent,
  type SandboxLimits,
} from './server.js';
export { testConnection, checkWsUrl, type ConnectionTestOptions, type ConnectionTestResult } from './tester.js';
export { checkBind, parseAllowedOrigins, SANDBOX_HOST } from './guard.js';
export { eventLine } from './events.js';
export { parseDuration, parseRate, checkFaults, type Faults } from './faults.js';
export { CLOSE, echoProfile } from './server.js';
export type { ConnectionStats } from './connections.js';
export { WsSession, type WsSessionOptions } from './ws-session.js';
export { checkCloseCode } from '../../../shared/sandbox.js';
export { parseScript, scriptProfile, type ScriptOutcome, type SessionScript } from './script.js';
export { parseRecording, replayProfile, redact, type Recording } from './recording.js';
export {
  CONNECT_AUTHS,
  defaultAuth,
  handshakeFor,
  parseExpectation,
  meets,
  parseFrames,
  describeFrame,
  openConnection,
  runScripted,
  type ClientCredential,
  type ConnectAuth,
  type Connection,
  type Expectation,
  type Handshake,
  type ScriptedRun,
} from './connect.js';
