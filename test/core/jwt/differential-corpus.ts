/**
 * The differential test's corpus: crafted tokens signed by hand with node:crypto (no Keydeck code), for
 * HS256, ES256 and EdDSA keys. A case that Keydeck is expected to refuse where PyJWT accepts carries a
 * `note` saying why Keydeck is the stricter one; the test prints every disagreement with it.
 */
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export type Alg = 'HS256' | 'ES256' | 'EdDSA';
export const NOW = 1_800_000_000;
export const LEEWAY = 30;
export const AUDIENCE = 'realtime';
export const HS_SECRET = 'differential-hs256-secret-0123456789abcdef';

export interface Case {
  id: string;
  alg: Alg;
  token: string;
  /** Pasted as a user would (Bearer prefix, newline): PyJWT gets it after a middleware's strip. */
  pasted?: boolean;
  /** Why Keydeck refuses where PyJWT accepts, when it does. */
  note?: string;
}

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const otherEc = generateKeyPairSync('ec', { namedCurve: 'P-256' });

export const PUBLIC_JWK: Record<'ES256' | 'EdDSA', Record<string, unknown>> = {
  ES256: { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1' },
  EdDSA: { ...ed.publicKey.export({ format: 'jwk' }), kid: 'ed-1' },
};

const b64 = (v: string | Buffer) => Buffer.from(v).toString('base64url');
const json = (v: unknown) => (typeof v === 'string' || Buffer.isBuffer(v) ? v : JSON.stringify(v));

function signature(alg: Alg, input: string, key?: KeyObject | string): Buffer {
  if (alg === 'HS256')
    return createHmac('sha256', (key as string | undefined) ?? HS_SECRET)
      .update(input)
      .digest();
  if (alg === 'ES256') {
    return sign('sha256', Buffer.from(input), { key: (key as KeyObject) ?? ec.privateKey, dsaEncoding: 'ieee-p1363' });
  }
  return sign(null, Buffer.from(input), (key as KeyObject) ?? ed.privateKey);
}

/** header/payload: objects are JSON-encoded; strings and Buffers are taken as the exact bytes. */
export function signed(alg: Alg, header: unknown, payload: unknown, key?: KeyObject | string): string {
  const input = `${b64(json(header))}.${b64(json(payload))}`;
  return `${input}.${signature(alg, input, key).toString('base64url')}`;
}

const H = (alg: Alg, extra: Record<string, unknown> = {}) => ({
  alg,
  typ: 'JWT',
  ...(alg === 'HS256' ? {} : { kid: alg === 'ES256' ? 'ec-1' : 'ed-1' }),
  ...extra,
});
const base = { exp: NOW + 600, iat: NOW, aud: AUDIENCE, sub: 'user-1', iss: 'keydeck', jti: 'j-1' };
/** The base claims as JSON text with one claim's value spliced in verbatim (1e400, 2^53+1, NaN…). */
const rawClaims = (claim: string, literal: string) => {
  const rest = Object.fromEntries(Object.entries(base).filter(([k]) => k !== claim));
  return `{${JSON.stringify(rest).slice(1, -1)},"${claim}":${literal}}`;
};

/** Valid claims with raw bytes inside a string value (for invalid UTF-8). */
const withBytes = (bytes: number[]) =>
  Buffer.concat([Buffer.from(`{"exp":${NOW + 600},"aud":"${AUDIENCE}","n":"`), Buffer.from(bytes), Buffer.from('"}')]);

const RANGE = 'Keydeck refuses a NumericDate beyond 9999-12-31 (no Date can show it); PyJWT int()s it';
const STR_NUM = 'PyJWT int()s a numeric string or a boolean; Keydeck wants a JSON number';
const NEG = 'Keydeck refuses a negative NumericDate; PyJWT compares it';
const TYPE = 'Keydeck type-checks iss/sub/jti; PyJWT 2.6 does not';

function perAlg(alg: Alg): Case[] {
  const c = (id: string, token: string, extra: Partial<Case> = {}): Case => ({
    id: `${alg}:${id}`,
    alg,
    token,
    ...extra,
  });
  const h = H(alg);
  const tok = (claims: unknown, header: unknown = h) => signed(alg, header, claims);
  const raw = (claim: string, literal: string) => signed(alg, h, rawClaims(claim, literal));
  const valid = tok(base);
  const [vh, vp, vs] = valid.split('.') as [string, string, string];
  return [
    c('valid', valid),
    c('valid-bearer-newline', `Bearer ${valid}\n`, { pasted: true }),
    c('expired', tok({ ...base, exp: NOW - 3600 })),
    c('exp-at-leeway-edge', tok({ ...base, exp: NOW - LEEWAY })),
    c('exp-inside-leeway', tok({ ...base, exp: NOW - LEEWAY + 1 })),
    c('exp-fraction-at-edge', tok({ ...base, exp: NOW - LEEWAY + 0.5 })),
    c('exp-missing', tok({ ...base, exp: undefined })),
    c('exp-null', raw('exp', 'null')),
    c('exp-string', raw('exp', `"${NOW + 600}"`), { note: STR_NUM }),
    c('exp-bool', raw('exp', 'true')),
    c('exp-1e30', raw('exp', '1e30'), { note: RANGE }),
    c('exp-2^53+1', raw('exp', '9007199254740993'), { note: RANGE }),
    c('exp-8.64e12', raw('exp', '8640000000000'), { note: RANGE }),
    c('exp-1e400', raw('exp', '1e400')),
    c('exp-NaN', raw('exp', 'NaN')),
    c('exp-Infinity', raw('exp', 'Infinity')),
    c('exp-negative', raw('exp', '-1')),
    c('exp-list', raw('exp', `[${NOW + 600}]`)),
    c('exp-float', raw('exp', `${NOW + 600}.25`)),
    c('nbf-future', tok({ ...base, nbf: NOW + 3600 })),
    c('nbf-at-leeway', tok({ ...base, nbf: NOW + LEEWAY })),
    c('nbf-past-leeway', tok({ ...base, nbf: NOW + LEEWAY + 1 })),
    c('nbf-fraction-past-leeway', tok({ ...base, nbf: NOW + LEEWAY + 0.5 }), {
      note: 'PyJWT truncates nbf to whole seconds; Keydeck compares the fraction',
    }),
    c('nbf-string', raw('nbf', `"${NOW}"`), { note: STR_NUM }),
    c('nbf-1e400', raw('nbf', '1e400')),
    c('nbf-negative', raw('nbf', '-5'), { note: NEG }),
    c('iat-future-day', tok({ ...base, iat: NOW + 86400 })),
    c('iat-at-leeway', tok({ ...base, iat: NOW + LEEWAY })),
    c('iat-past-leeway', tok({ ...base, iat: NOW + LEEWAY + 1 })),
    c('iat-string', raw('iat', `"${NOW}"`)),
    c('iat-1e400', raw('iat', '1e400')),
    c('iat-1e30', raw('iat', '1e30')),
    c('iat-bool', raw('iat', 'true'), { note: STR_NUM }),
    c('iat-null', raw('iat', 'null')),
    c('iat-negative', raw('iat', '-1'), { note: NEG }),
    c('aud-list-ok', tok({ ...base, aud: ['other', AUDIENCE] })),
    c('aud-list-non-string', tok({ ...base, aud: [AUDIENCE, 1] })),
    c('aud-list-nested', tok({ ...base, aud: [AUDIENCE, [AUDIENCE]] })),
    c('aud-empty-list', tok({ ...base, aud: [] })),
    c('aud-other', tok({ ...base, aud: 'someone-else' })),
    c('aud-missing', tok({ ...base, aud: undefined })),
    c('aud-number', tok({ ...base, aud: 7 })),
    c('aud-object', tok({ ...base, aud: { realtime: true } })),
    c('iss-number', tok({ ...base, iss: 7 }), { note: TYPE }),
    c('sub-object', tok({ ...base, sub: { id: 1 } }), { note: TYPE }),
    c('jti-number', tok({ ...base, jti: 42 }), { note: TYPE }),
    c('duplicate-exp-last-wins', signed(alg, h, `{"exp":${NOW - 9999},"aud":"${AUDIENCE}","exp":${NOW + 600}}`)),
    c('payload-bad-utf8', signed(alg, h, withBytes([0xc3, 0x28]))),
    c('payload-lone-surrogate', signed(alg, h, withBytes([0xed, 0xa0, 0x80])), {
      note: "Python's json decodes bytes with surrogatepass, so PyJWT takes an encoded lone surrogate (not UTF-8)",
    }),
    c('payload-overlong-slash', signed(alg, h, withBytes([0xc0, 0xaf]))),
    c(
      'payload-bom',
      signed(alg, h, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(base))])),
      {
        note: 'PyJWT decodes a UTF-8 BOM away; a BOM is not JSON whitespace (RFC 8259 §8.1)',
      },
    ),
    c('payload-array', tok([base])),
    c('payload-string', tok('"hello"')),
    c('header-array', signed(alg, `[${JSON.stringify(h)}]`, base)),
    c('b64-false-no-crit', tok(base, { ...h, b64: false })),
    c('b64-false-with-crit', tok(base, { ...h, b64: false, crit: ['b64'] })),
    c('b64-true', tok(base, { ...h, b64: true }), {
      note: 'Keydeck refuses any b64 header (RFC 7797 is not implemented)',
    }),
    c('crit-exp', tok(base, { ...h, crit: ['exp'] })),
    c('crit-empty', tok(base, { ...h, crit: [] })),
    c('kid-number', tok(base, { ...h, kid: 5 })),
    c('embedded-jwk-jku', tok(base, { ...h, jku: 'https://evil.example/jwks', jwk: { kty: 'oct', k: 'AAAA' } })),
    c('alg-lowercase', tok(base, { ...h, alg: alg.toLowerCase() })),
    c('alg-none', `${b64(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${vp}.`),
    c('alg-none-with-sig', `${b64(JSON.stringify({ alg: 'none' }))}.${vp}.${vs}`),
    c('alg-missing', tok(base, { typ: 'JWT' })),
    c('tampered-payload', `${vh}.${b64(JSON.stringify({ ...base, sub: 'admin' }))}.${vs}`),
    c('signature-empty', `${vh}.${vp}.`),
    c('signature-truncated', `${vh}.${vp}.${vs.slice(0, -4)}`),
    c('two-segments', `${vh}.${vp}`),
    c('four-segments', `${valid}.${vs}`),
    c('padded-segment', `${vh}.${vp}==.${vs}`, {
      note: 'PyJWT decodes base64 leniently (padding, foreign characters); Keydeck wants strict base64url',
    }),
    c('huge-token', tok({ ...base, pad: 'x'.repeat(17 * 1024) }), {
      note: 'Keydeck refuses tokens over 16 KiB unread; PyJWT has no size limit',
    }),
  ];
}

/** Confusions and foreign keys: a token signed with the wrong kind of key or by someone else. */
function confusions(): Case[] {
  const claims = base;
  const pubJson = JSON.stringify(PUBLIC_JWK.ES256);
  const pubPem = ec.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  return [
    {
      id: 'ES256:hs-signed-with-public-jwk',
      alg: 'ES256',
      token: signed('HS256', H('HS256', { kid: 'ec-1' }), claims, pubJson),
    },
    { id: 'ES256:hs-signed-with-pem', alg: 'ES256', token: signed('HS256', H('HS256'), claims, pubPem) },
    { id: 'ES256:eddsa-token', alg: 'ES256', token: signed('EdDSA', H('EdDSA', { kid: 'ec-1' }), claims) },
    { id: 'EdDSA:es256-token', alg: 'EdDSA', token: signed('ES256', H('ES256', { kid: 'ed-1' }), claims) },
    { id: 'HS256:es256-token', alg: 'HS256', token: signed('ES256', H('ES256'), claims) },
    { id: 'HS256:other-secret', alg: 'HS256', token: signed('HS256', H('HS256'), claims, 'another-secret-entirely') },
    { id: 'ES256:other-key', alg: 'ES256', token: signed('ES256', H('ES256'), claims, otherEc.privateKey) },
    {
      id: 'ES256:der-signature',
      alg: 'ES256',
      token: (() => {
        const input = `${b64(JSON.stringify(H('ES256')))}.${b64(JSON.stringify(claims))}`;
        return `${input}.${sign('sha256', Buffer.from(input), ec.privateKey).toString('base64url')}`;
      })(),
    },
    { id: 'HS256:jwe-five-segments', alg: 'HS256', token: 'eyJhbGciOiJkaXIifQ..aGVsbG8.d29ybGQ.dGFn' },
    { id: 'HS256:empty', alg: 'HS256', token: '' },
    { id: 'HS256:garbage', alg: 'HS256', token: 'not-a-token-at-all' },
  ];
}

export function buildCorpus(): Case[] {
  return [...perAlg('HS256'), ...perAlg('ES256'), ...perAlg('EdDSA'), ...confusions()];
}
