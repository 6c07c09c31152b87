/**
 * A labelled input with its error and hint wired through `aria-describedby`; forwards the ref for react-hook-form.
 *
 * @example
 * <TextField label="Пароль" type="password" error={errors.password?.message} {...register("password")} />
 */
import { type InputHTMLAttributes, type ReactNode, useId } from "react";

export interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  error?: string;
  hint?: ReactNode;
  /** Extra content after the label (e.g. the "з Дії" badge). */
  badge?: ReactNode;
  ref?: React.Ref<HTMLInputElement>;
}

export function TextField({ label, error, hint, badge, id, className = "", ...props }: TextFieldProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const describedBy = [error ? `${inputId}-error` : "", hint ? `${inputId}-hint` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={inputId} className="flex items-center gap-2 text-base font-medium text-neutral-800">
        {label}
        {badge}
      </label>
      <input
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className="min-h-12 rounded-xl border-2 border-neutral-300 bg-white px-3 text-lg text-neutral-900 focus:border-blue-600 focus:outline-none aria-[invalid=true]:border-red-600 read-only:bg-neutral-50"
        {...props}
      />
      {hint && (
        <p id={`${inputId}-hint`} className="text-sm text-neutral-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${inputId}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
