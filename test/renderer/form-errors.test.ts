/** Where form errors go: the field core names, the legacy code mapping, or the form's top; Settings bounds. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SETTINGS_BOUNDS, settingProblem } from '../../shared/settings-bounds.js';
import { settingsSchema, DEFAULT_SETTINGS } from '../../shared/domain.js';
import {
  fieldFor,
  formErrors,
  initial,
  toCreateInput,
  withKind,
} from '../../renderer/src/features/credentials/credential-form-state.js';
import { checkSettingsForm, settingsErrorField } from '../../renderer/src/lib/settings-form.js';

const e = (code: string, message: string, field?: string) => ({ code, message, ...(field ? { field } : {}) });

test('credential form: an error with a field the form has goes under that field (core names mapped)', () => {
  assert.equal(fieldFor(e('INVALID_INPUT', 'x', 'name')), 'name');
  assert.equal(fieldFor(e('INVALID_INPUT', 'x', 'allowedOrigins')), 'origins');
  assert.equal(fieldFor(e('INVALID_INPUT', 'x', 'writePermissions')), 'write');
  assert.equal(fieldFor(e('INVALID_INPUT', 'x', 'expiresAt')), 'expires');
  assert.equal(fieldFor(e('INVALID_INPUT', 'x', 'provider')), 'provider');
});

test('credential form: without a field, the code decides; anything else goes to the top', () => {
  assert.equal(fieldFor(e('DUPLICATE_NAME', 'x')), 'name');
  assert.equal(fieldFor(e('SECRET_TOO_LARGE', 'x')), 'secret');
  assert.equal(fieldFor(e('PUBLIC_KEY_NEEDS_ORIGIN', 'x')), 'origins');
  assert.equal(fieldFor(e('INVALID_INPUT', 'Invalid request for credentials:create: secret: Too big')), 'secret');
  assert.equal(fieldFor(e('KEYCHAIN_UNAVAILABLE', 'Unlock your keyring.')), 'general');
  // A field the form does not show is not lost: it goes to the top.
  assert.equal(fieldFor(e('INVALID_INPUT', 'x', 'workspace')), 'general');
  assert.deepEqual(formErrors(e('KEYCHAIN_UNAVAILABLE', 'Unlock.')), { general: 'Unlock.' });
});

test('credential form: a kind change keeps an allowed provider and replaces a disallowed one', () => {
  const s = { ...initial(), provider: 'openai' as const };
  assert.equal(withKind(s, 'byok').provider, 'openai');
  assert.equal(withKind(s, 'realtime').provider, 'inworld');
  const input = toCreateInput({ ...initial(), name: 'A', tags: 'prod, eu', write: ['voice'] });
  assert.deepEqual(input.tags, ['prod', 'eu']);
  assert.deepEqual(input.writePermissions, ['voice']);
});

test('settings bounds: the schema and the form use the same numbers', () => {
  for (const [k, b] of Object.entries(SETTINGS_BOUNDS)) {
    const ok = (v: number) => settingsSchema.safeParse({ ...DEFAULT_SETTINGS, [k]: v }).success;
    assert.equal(ok(b.min), true, `${k} min`);
    assert.equal(ok(b.max), true, `${k} max`);
    assert.equal(ok(b.min - 1), false, `${k} below`);
    assert.equal(ok(b.max + 1), false, `${k} above`);
    assert.equal(settingProblem(k as keyof typeof SETTINGS_BOUNDS, b.min), undefined);
    assert.match(settingProblem(k as keyof typeof SETTINGS_BOUNDS, b.max + 1)!, /between/);
  }
});

test('settings form: every bad number gets its own message, in words, before anything is sent', () => {
  const errors = checkSettingsForm({
    clipboardClearSeconds: '2',
    rotationPolicyDays: '1.5',
    rotationOverlapHours: '',
    validationTimeoutSeconds: 'abc',
  });
  assert.deepEqual(errors, {
    clipboardClearSeconds: 'Enter a number between 5 and 3600 seconds.',
    rotationPolicyDays: 'Enter a whole number of days, between 1 and 3650 days.',
    rotationOverlapHours: 'Enter a number between 0 and 2160 hours.',
    validationTimeoutSeconds: 'Enter a number between 1 and 120 seconds.',
  });
  assert.deepEqual(
    checkSettingsForm({
      clipboardClearSeconds: '30',
      rotationPolicyDays: '90',
      rotationOverlapHours: '0.5',
      validationTimeoutSeconds: '10',
    }),
    {},
  );
  for (const v of ['Infinity', '1e400', '-0x10', ' '])
    assert.ok(
      checkSettingsForm({
        clipboardClearSeconds: v,
        rotationPolicyDays: '1',
        rotationOverlapHours: '1',
        validationTimeoutSeconds: '1',
      }).clipboardClearSeconds,
      v,
    );
});

test('settings: a core error goes to its field, a schema path to the named setting, others to the top', () => {
  assert.equal(settingsErrorField(e('INVALID_INPUT', 'x', 'globalBaseUrl')), 'globalBaseUrl');
  assert.equal(settingsErrorField(e('INVALID_URL', 'Not a URL.')), 'globalBaseUrl');
  assert.equal(
    settingsErrorField(
      e('INVALID_INPUT', 'Invalid request for settings:update: patch.validationTimeoutSeconds: Too small'),
    ),
    'validationTimeoutSeconds',
  );
  assert.equal(settingsErrorField(e('CATALOG_LOCKED', 'Busy.')), 'general');
});
