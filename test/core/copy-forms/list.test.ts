/** The one list of copy forms: every format has one form, names are unambiguous, applicability is data. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COPY_FORMATS } from '../../../shared/domain.js';
import { COPY_FORMS, formByName, formsFor } from '../../../shared/copy-forms.js';

test('every format has exactly one form, and every CLI name or alias picks one form', () => {
  assert.deepEqual([...COPY_FORMS.map((f) => f.format)].sort(), [...COPY_FORMATS].sort());
  const names = COPY_FORMS.flatMap((f) => [f.cli, ...(f.aliases ?? [])]);
  assert.equal(new Set(names).size, names.length, 'no name is used twice');
  for (const f of COPY_FORMS) {
    for (const n of [f.cli, f.format, ...(f.aliases ?? [])]) assert.equal(formByName(n)?.format, f.format, n);
  }
  assert.equal(formByName('env')?.format, 'env-bash');
  assert.equal(formByName('provider-json')?.format, 'provider-credentials');
  assert.equal(formByName('yaml'), undefined);
});

test('the menu offers what applies: all headers where a provider needs more than one, native SDKs, BYOK JSON', () => {
  const formats = (kind: string, provider: Parameters<typeof formsFor>[0]['provider']) =>
    formsFor({ kind, provider }).map((f) => f.format);
  assert.ok(formats('byok', 'anthropic').includes('headers'));
  assert.ok(!formats('byok', 'openai').includes('headers'));
  assert.ok(formats('byok', 'google-ai-studio').includes('sdk-native-js'));
  assert.ok(!formats('standard', 'inworld').includes('provider-credentials'));
  const labels = formsFor({ kind: 'byok', provider: 'anthropic' }).map((f) => f.label);
  assert.ok(labels.includes('Anthropic SDK (Python)'));
});
