import { test } from 'node:test';
import assert from 'node:assert/strict';
import { b64urlDecode, parseJson } from '../../../electron/core/jwt/independent-verify.js';

test('the independent base64url decoder matches Node and refuses foreign characters', () => {
  for (const s of ['', 'a', 'ab', 'abc', 'hello world', '\u00ff\u0000\u00fe', 'x'.repeat(1000)]) {
    const enc = Buffer.from(s, 'latin1').toString('base64url');
    assert.deepEqual(Buffer.from(b64urlDecode(enc)!), Buffer.from(s, 'latin1'));
  }
  assert.equal(b64urlDecode('ab+c'), undefined);
  assert.equal(b64urlDecode('ab/c'), undefined);
  assert.equal(b64urlDecode('abc='), undefined);
  assert.equal(b64urlDecode('abcde'), undefined);
});

test('the independent JSON parser agrees with JSON.parse and is strict', () => {
  for (const s of ['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}', ' {"n" : {"m":{}} } ', '"s"', '0']) {
    assert.deepEqual(parseJson(s), JSON.parse(s));
  }
  for (const bad of [
    '{',
    '{"a":1,}',
    "{'a':1}",
    '{"a":01}',
    '[1 2]',
    '{"a":1}x',
    '{"a":1,"a":2}',
    '"\u0001"',
    'NaN',
    '',
  ]) {
    assert.throws(() => parseJson(bad), SyntaxError, bad);
  }
  assert.throws(() => parseJson('['.repeat(100) + ']'.repeat(100)), SyntaxError);
  const proto = parseJson('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(proto), ['__proto__']);
});
