/** The JWT workbench: signing keys, minting, API keys, decode and verify. See `JwtService`. */
export { JwtService, type MintRequest, type MintResult, type VerifySource, type DecodedView } from './service.js';
export { SigningKeyStore, credentialKid, signingAccount } from './keys.js';
export { parseLifetime, describeRemaining, LIFETIME_BOUNDS } from './lifetime.js';
export { copyForms, parseClaimsJson, parseClaimPairs, DEFAULT_AUDIENCE, DEFAULT_SCOPE, DEFAULT_TTL } from './mint.js';
export { decodeToken, bareToken, MAX_TOKEN_BYTES, SIGNING_ALGS, type SigningAlg } from './token.js';
export {
  verifyToken,
  VERIFY_REASONS,
  DEFAULT_CLOCK_TOLERANCE,
  type VerifyReason,
  type VerifyResult,
} from './verify.js';
export { isNumericDate, MAX_NUMERIC_DATE, CLAIM_REASONS, type ClaimReason } from './claims.js';
export { issueApiKey, verifyApiKey, apiKeyPrefix, API_KEY_PREFIX } from './api-keys.js';
export { hs256Export, HS256_SECRET_ENV, type Hs256Export } from './hs256-export.js';
