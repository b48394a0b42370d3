/** What every field group of the add/edit form receives. */
import type { Credential } from '../../../../shared/domain.js';
import type { FormErrors, FormState } from './credential-form-state.js';

export interface GroupProps {
  f: FormState;
  set: <K extends keyof FormState>(k: K, v: FormState[K]) => void;
  errors: FormErrors;
  /** The credential being edited; absent when adding. */
  edit?: Credential;
}
