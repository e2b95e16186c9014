import type { ReactNode } from 'react';
import { ApiError } from '../../api/client';

/** The messages of a problem+json 400 for one field (e.g. the password policy's), or nothing. */
export function fieldErrors(error: unknown, field: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.errors.filter((e) => e.field === field && e.message).map((e) => e.message!);
}

/** A labelled input whose server-side errors are shown under it and tied to it (aria-describedby, aria-invalid). */
export function Field({
  id,
  label,
  error,
  field,
  hint,
  ...input
}: {
  id: string;
  label: string;
  error?: unknown;
  field?: string;
  hint?: ReactNode;
} & React.InputHTMLAttributes<HTMLInputElement>) {
  const messages = error ? fieldErrors(error, field ?? input.name ?? id) : [];
  const described =
    [hint ? `${id}-hint` : null, messages.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={messages.length > 0 || undefined} aria-describedby={described} {...input} />
      {hint && (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      )}
      {messages.length > 0 && (
        <ul id={`${id}-error`} className="field-error">
          {messages.map((m) => (
            <li key={m}>
              {label} {m}.
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The problem's detail of a failed submit, as an alert; field errors are shown by their fields. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? error.errors.filter((e) => e.field) : [];
  return (
    <div className="state state-error" role="alert">
      {message}
      {fields.length > 0 && ` See ${fields.length === 1 ? 'the field' : 'the fields'} marked above.`}
    </div>
  );
}

/** The text of a form's input by name. */
export function value(form: HTMLFormElement, name: string): string {
  return new FormData(form).get(name)?.toString() ?? '';
}
