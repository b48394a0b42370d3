import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { FieldError } from './dialog.js';

interface FieldOwn {
  /** The caption, in a `<span>` above the control. */
  label: ReactNode;
  /** Class of the wrapping `<label>` (`span2`, `jw-grow`…); `className` goes to the control, like every other prop. */
  labelClassName?: string;
  /** A `<small class="hint">` under the control. */
  hint?: ReactNode;
  /**
   * The id of this field's own error: it is shown under the control (and the hint), and by default the
   * control gets `aria-invalid={!!error}` and, while there is one, `aria-describedby={errorId}`. Pass `aria-invalid` or
   * `aria-describedby` to say otherwise (an error shown elsewhere in the form, or none linked).
   */
  errorId?: string;
  error?: string;
}

type InputField = FieldOwn & { as?: 'input' } & Omit<InputHTMLAttributes<HTMLInputElement>, keyof FieldOwn>;
type TextareaField = FieldOwn & { as: 'textarea' } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, keyof FieldOwn>;
type SelectField = FieldOwn & { as: 'select' } & Omit<SelectHTMLAttributes<HTMLSelectElement>, keyof FieldOwn>;
export type FieldProps = InputField | TextareaField | SelectField;

/** A labelled input, textarea or select, with its hint and error wired to it. */
export function Field(props: FieldProps) {
  const { label, labelClassName, hint, errorId, error, ...rest } = props;
  const wiring = errorId ? { 'aria-invalid': !!error, 'aria-describedby': error ? errorId : undefined } : {};
  let control: ReactNode;
  if (rest.as === 'textarea') {
    const { as: _, ...attrs } = rest;
    control = <textarea {...wiring} {...attrs} />;
  } else if (rest.as === 'select') {
    const { as: _, ...attrs } = rest;
    control = <select {...wiring} {...attrs} />;
  } else {
    const { as: _, ...attrs } = rest;
    control = <input {...wiring} {...attrs} />;
  }
  return (
    <label className={labelClassName}>
      <span>{label}</span>
      {control}
      {hint && <small className="hint">{hint}</small>}
      {errorId && <FieldError id={errorId} error={error} />}
    </label>
  );
}
