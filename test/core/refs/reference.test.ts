import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  REFERENCE_FIELDS,
  findReferences,
  formatReference,
  parseReference,
} from '../../../electron/core/refs/reference.js';
import { KeydeckError } from '../../../shared/errors.js';

test('parseReference: one, two and three segments; the field defaults to secret', () => {
  assert.deepEqual(parseReference('keydeck://OpenAI'), { credential: 'OpenAI', field: 'secret' });
  assert.deepEqual(parseReference('keydeck://OpenAI/header'), { credential: 'OpenAI', field: 'header' });
  assert.deepEqual(parseReference('keydeck://Prod/OpenAI'), {
    workspace: 'Prod',
    credential: 'OpenAI',
    field: 'secret',
  });
  assert.deepEqual(parseReference('keydeck://Prod/OpenAI/base_url'), {
    workspace: 'Prod',
    credential: 'OpenAI',
    field: 'base_url',
  });
  for (const f of REFERENCE_FIELDS) assert.equal(parseReference(`keydeck://X/${f}`).field, f);
});

test('names round-trip through percent-encoding: "/", "%", spaces, non-ASCII, field-named credentials', () => {
  const names = ['a/b', '100%', 'My Key', 'Clé ключ 鍵', 'x~y.z-_', 'secret', 'header', 'a+b&c=d?'];
  for (const credential of names) {
    for (const workspace of [undefined, 'Team / Prod', 'Dév']) {
      for (const field of [undefined, ...REFERENCE_FIELDS]) {
        const text = formatReference({ credential, ...(workspace ? { workspace } : {}), ...(field ? { field } : {}) });
        assert.match(text, /^keydeck:\/\/[A-Za-z0-9\-._~%/]+$/, text);
        const back = parseReference(text);
        assert.equal(back.credential, credential, text);
        assert.equal(back.workspace, workspace, text);
        assert.equal(back.field, field ?? 'secret', text);
        // findReferences sees the whole reference, even inside a longer value.
        assert.deepEqual(
          findReferences(`x=${text} y`).map((r) => r.text),
          [text],
        );
      }
    }
  }
  assert.equal(formatReference({ credential: 'My Key' }), 'keydeck://My%20Key');
  assert.equal(formatReference({ workspace: 'W', credential: 'secret' }), 'keydeck://W/secret/secret');
});

test('malformed references are refused with what is wrong and the grammar', () => {
  const cases: [string, RegExp][] = [
    ['op://vault/item', /must start with keydeck:\/\//],
    ['KEYDECK://X', /lower case/],
    ['keydeck://', /no credential/],
    ['keydeck:///X', /workspace is empty/],
    ['keydeck://X//secret', /credential is empty/],
    ['keydeck://a/b/c/d', /4 parts/],
    ['keydeck://W/X/password', /unknown field "password"/],
    ['keydeck://My Key', /contains " "|contains U\+0020/],
    ['keydeck://a%2', /two hex digits/],
    ['keydeck://a%ZZ', /two hex digits/],
    ['keydeck://%C3%28', /not valid UTF-8/],
    ['keydeck://a%0Ab', /control character/],
    ['keydeck://Clé', /U\+00E9/],
  ];
  for (const [text, why] of cases) {
    assert.throws(
      () => parseReference(text),
      (e: unknown) => {
        assert.ok(e instanceof KeydeckError);
        assert.equal(e.code, 'INVALID_REFERENCE');
        assert.match(e.message, why, text);
        assert.match(e.message, /keydeck:\/\/\[WORKSPACE\/\]CREDENTIAL\[\/FIELD\]/);
        return true;
      },
    );
  }
});

test('findReferences: positions, several per text, stops at quotes, @, braces and spaces', () => {
  const t = 'postgres://app:keydeck://DB/key_secret@db/x "keydeck://A" {{keydeck://W/B/header}}';
  const found = findReferences(t);
  assert.deepEqual(
    found.map((f) => f.text),
    ['keydeck://DB/key_secret', 'keydeck://A', 'keydeck://W/B/header'],
  );
  for (const f of found) assert.equal(t.slice(f.start, f.end), f.text);
  assert.deepEqual(findReferences('no refs here: keydeck:/x'), []);
});
