/** The Settings form's checks and error placement, without React (tested in test/renderer). */
import { SETTINGS_BOUNDS, settingProblem, type BoundedSetting } from '../../../shared/settings-bounds.js';
import type { UiError } from '../api.js';
import { errorField, type FieldErrors } from './field-errors.js';

const FIELDS = [
  'clipboardClearSeconds',
  'rotationPolicyDays',
  'rotationOverlapHours',
  'validationTimeoutSeconds',
  'globalBaseUrl',
] as const;
export type SettingsField = (typeof FIELDS)[number];

/** Where a core error about settings goes: its `field`, else the setting its schema path names. */
export function settingsErrorField(e: UiError): SettingsField | 'general' {
  return errorField(e, FIELDS, {}, ({ code, message }) => {
    if (code === 'INVALID_URL') return 'globalBaseUrl';
    const path = /\bpatch\.([A-Za-z]+)/.exec(message)?.[1];
    return FIELDS.find((f) => f === path);
  });
}

/** Every bounded setting that is out of its bounds, each with its own message. */
export function checkSettingsForm(values: Record<BoundedSetting, string>): FieldErrors<SettingsField> {
  const errors: FieldErrors<SettingsField> = {};
  for (const k of Object.keys(SETTINGS_BOUNDS) as BoundedSetting[]) {
    const problem = settingProblem(k, values[k]);
    if (problem) errors[k] = problem;
  }
  return errors;
}
