/**
 * A labelled input (or, for an address, a textarea) with its error and hint wired through `aria-describedby`;
 * forwards the ref for react-hook-form.
 *
 * @example
 * <TextField label="Пароль" type="password" error={errors.password?.message} {...register("password")} />
 * <TextAreaField label="Адреса" rows={3} {...register("address")} />
 */
import { type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes, useId } from "react";

export interface FieldFrame {
  label: string;
  error?: string;
  hint?: ReactNode;
  /** Extra content after the label (e.g. the "з Дії" badge). */
  badge?: ReactNode;
}

export interface TextFieldProps extends FieldFrame, InputHTMLAttributes<HTMLInputElement> {
  ref?: React.Ref<HTMLInputElement>;
}

export interface TextAreaFieldProps extends FieldFrame, TextareaHTMLAttributes<HTMLTextAreaElement> {
  ref?: React.Ref<HTMLTextAreaElement>;
}

/** The control's look, shared by TextField, TextAreaField and Select. */
export const CONTROL =
  "rounded-xl border-2 border-neutral-300 bg-white px-3 text-lg text-neutral-900 focus:border-blue-600 focus:outline-none aria-[invalid=true]:border-red-600 read-only:bg-neutral-50";

/**
 * Splits a field's props into its frame's (label, hint, error, badge, outer class) and its control's, the control
 * given its id and the aria wiring (`aria-invalid`, `aria-describedby` naming the hint and the error).
 */
export function useField<P extends FieldFrame & { id?: string | undefined; className?: string | undefined }>({
  label,
  error,
  hint,
  badge,
  id,
  className = "",
  ...rest
}: P) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const describedBy = [error ? `${inputId}-error` : "", hint ? `${inputId}-hint` : ""]
    .filter(Boolean)
    .join(" ");
  return {
    frame: { inputId, label, error, hint, badge, className },
    control: {
      id: inputId,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy || undefined,
      ...rest,
    },
  };
}

/** Label, control, hint and error of one field; `hideLabel` for screen readers only, `inline` label beside. */
export function Frame({
  inputId,
  label,
  error,
  hint,
  badge,
  hideLabel,
  inline,
  className,
  children,
}: FieldFrame & {
  inputId: string;
  hideLabel?: boolean;
  inline?: boolean;
  className: string;
  children: ReactNode;
}) {
  return (
    <div
      className={`flex ${inline ? "flex-row flex-wrap items-center gap-2" : "flex-col gap-1"} ${className}`}
    >
      <label
        htmlFor={inputId}
        className={`${hideLabel ? "sr-only" : "flex items-center gap-2"} text-base font-medium text-neutral-800`}
      >
        {label}
        {badge}
      </label>
      {children}
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

export function TextField(props: TextFieldProps) {
  const { frame, control } = useField(props);
  return (
    <Frame {...frame}>
      <input className={`min-h-12 ${CONTROL}`} {...control} />
    </Frame>
  );
}

export function TextAreaField(props: TextAreaFieldProps) {
  const { frame, control } = useField(props);
  return (
    <Frame {...frame}>
      <textarea className={`min-h-24 resize-y py-2 ${CONTROL}`} {...control} />
    </Frame>
  );
}
