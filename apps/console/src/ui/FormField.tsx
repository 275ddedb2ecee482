import { type ReactNode, useId } from 'react';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { defineMessages, useIntl } from 'react-intl';
import { ApiError } from '../api/http';

/**
 * Messages zod schemas of the console's forms use (`z.string().min(1, formMessages.required.id)`):
 * an error message that is a catalogue id is translated where it is shown.
 */
export const formMessages = defineMessages({
  required: { id: 'common.form.required' },
  email: { id: 'common.form.email' },
  tooLong: { id: 'common.form.tooLong' },
});

/**
 * A labelled form control with its hint and its error below it (announced, and tied to the
 * control by aria-describedby). `children` receives the control's id and described-by ids.
 */
export function FormField({
  label,
  error,
  hint,
  children,
  testId,
}: {
  label: ReactNode;
  /** A react-hook-form field error (from zod or from the gateway), or a message. */
  error?: { message?: string } | string;
  hint?: ReactNode;
  children: (control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
  testId?: string;
}) {
  const intl = useIntl();
  const id = useId();
  const raw = typeof error === 'string' ? error : error?.message;
  // A catalogue id (a schema's, from formMessages) is translated; the gateway's own words are shown as they are.
  const schemaMessage = raw && raw in intl.messages ? { id: raw } : undefined;
  const message = schemaMessage ? intl.formatMessage(schemaMessage) : raw;
  const describedBy = [hint ? `${id}-hint` : undefined, message ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${message ? ' invalid' : ''}`} data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': message ? true : undefined })}
      {hint && (
        <span id={`${id}-hint`} className="muted small">
          {hint}
        </span>
      )}
      {message && (
        <span id={`${id}-error`} className="field-error" role="alert" data-testid={testId ? `${testId}-error` : 'field-error'}>
          {message}
        </span>
      )}
    </div>
  );
}

/**
 * Puts the gateway's refusal of a form next to the fields it names (`field`, or `issues[].path`);
 * what names no field of this form goes to the form's root error. Returns whether it was an ApiError.
 */
export function showServerErrors<T extends FieldValues>(
  failure: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): boolean {
  if (!(failure instanceof ApiError)) return false;
  const known = new Set<string>(fields);
  let placed = false;
  for (const problem of failure.fields) {
    if (!known.has(problem.field)) continue;
    setError(problem.field as Path<T>, { type: 'server', message: problem.message });
    placed = true;
  }
  if (!placed) setError('root.server' as Path<T>, { type: 'server', message: failure.message });
  return true;
}
