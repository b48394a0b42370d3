/**
 * The add/edit form's auth scheme: the provider's own, Bearer, Basic or `header:NAME`, checked against the
 * shared AUTH_SCHEME pattern before anything is sent, and taken by the real core as the form sends it.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createInputSchema, updateInputSchema } from '../../shared/domain.js';
import { authHeader } from '../../electron/core/format.js';
import {
  authSchemeOf,
  checkForm,
  fieldFor,
  initial,
  toCreateInput,
  toUpdateInput,
  type FormState,
} from '../../renderer/src/features/credentials/credential-form-state.js';
import { makeTestCore, type TestCore } from '../harness/core.js';

const form = (over: Partial<FormState>): FormState => ({
  ...initial(),
  name: 'Svc',
  provider: 'custom',
  baseUrl: 'https://svc.example.com',
  secret: 'svc-key-0123456789',
  ...over,
});

let core: TestCore | undefined;
after(() => core?.cleanup());

test('the provider default sends no scheme; bearer, basic and header:NAME are sent as chosen', () => {
  assert.equal(toCreateInput(form({})).authScheme, undefined);
  assert.equal(toCreateInput(form({ auth: 'bearer' })).authScheme, 'bearer');
  assert.equal(toCreateInput(form({ auth: 'basic' })).authScheme, 'basic');
  const input = toCreateInput(form({ auth: 'header', authHeader: ' X-Api-Key ' }));
  assert.equal(input.authScheme, 'header:X-Api-Key');
  assert.equal(createInputSchema.safeParse(input).success, true, 'what main validates accepts it');
  assert.deepEqual(checkForm(form({ auth: 'header', authHeader: 'X-Api-Key' })), {});
});

test('bad input: an empty or invalid header name is shown under the field, and nothing is sent', () => {
  const empty = form({ auth: 'header', authHeader: '  ' });
  assert.match(checkForm(empty).authScheme!, /Name the header/);
  for (const bad of ['X Api Key', 'X-Api-Key:', 'Authorization\r\nX-Evil', 'ä-key', 'x'.repeat(65)]) {
    const f = form({ auth: 'header', authHeader: bad });
    assert.match(checkForm(f).authScheme!, /1 to 64 letters, digits and -/, bad);
    // The same pattern core's schema uses: it would refuse what the form refuses.
    assert.equal(createInputSchema.safeParse(toCreateInput(f)).success, false, bad);
  }
  // An error from core about the scheme also lands under the field.
  assert.equal(fieldFor({ code: 'INVALID_INPUT', message: 'x', field: 'authScheme' }), 'authScheme');
});

test('the real core stores header:NAME from the form, and the key goes in that header', async () => {
  core = makeTestCore();
  const f = form({ auth: 'header', authHeader: 'X-Api-Key' });
  const { credential } = await core.credentials.create(toCreateInput(f), f.secret);
  assert.equal(credential.authScheme, 'header:X-Api-Key');
  assert.deepEqual(authHeader(credential, f.secret), { name: 'X-Api-Key', value: f.secret });

  // Editing: the stored scheme is shown; unchanged, it is not sent; "provider default" restores it.
  const shown = initial(credential);
  assert.deepEqual([shown.auth, shown.authHeader], ['header', 'X-Api-Key']);
  assert.equal(toUpdateInput(shown, credential).authScheme, undefined);
  const renamed = toUpdateInput({ ...shown, authHeader: 'X-Token' }, credential);
  assert.equal(renamed.authScheme, 'header:X-Token');
  assert.equal(updateInputSchema.safeParse(renamed).success, true);
  const updated = await core.credentials.update(credential.id, renamed);
  assert.equal(updated.authScheme, 'header:X-Token');
  const back = toUpdateInput({ ...initial(updated), auth: '' }, updated);
  assert.equal(back.authScheme, 'bearer', "the custom provider's own scheme");
  assert.equal((await core.credentials.update(credential.id, back)).authScheme, 'bearer');
  assert.equal(authSchemeOf(initial(core.credentials.get(credential.id))), undefined);
});
