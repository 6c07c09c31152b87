/**
 * A message the user must notice: an error (`role="alert"`, read out at once), or information and success
 * (`role="status"`, read out politely). `boxed` gives it a tinted panel (a form's outcome); plain, it is a line of
 * coloured text beside what it is about. `ErrorAlert` shows a failed call in the server's words, or nothing.
 *
 * @example
 * <Alert tone="success" data-testid="partner-saved">{t.partnerSaved}</Alert>
 * <ErrorAlert error={save.error} lang={lang} boxed />
 */
import type { HTMLAttributes } from "react";
import { errorText } from "../lib/error-text.ts";
import type { Lang } from "../lib/i18n.tsx";

const TONES = {
  error: { role: "alert", text: "text-red-800", box: "bg-red-50" },
  info: { role: "status", text: "text-neutral-800", box: "bg-blue-50" },
  success: { role: "status", text: "text-green-800", box: "bg-green-50" },
} as const;

export interface AlertProps extends HTMLAttributes<HTMLElement> {
  tone?: keyof typeof TONES;
  boxed?: boolean;
  /** `span` inside a table cell or an inline row; `p` elsewhere. */
  as?: "p" | "span" | "div";
}

export function Alert({
  tone = "error",
  boxed = false,
  as: Tag = "p",
  className = "",
  ...props
}: AlertProps) {
  const look = TONES[tone];
  return (
    <Tag
      role={look.role}
      className={`${look.text} ${boxed ? `rounded-xl px-4 py-3 font-medium ${look.box}` : ""} ${className}`}
      {...props}
    />
  );
}

export function ErrorAlert({
  error,
  lang,
  ...props
}: Omit<AlertProps, "tone" | "children"> & { error: unknown; lang: Lang }) {
  if (!error) return null;
  return (
    <Alert tone="error" {...props}>
      {errorText(error, lang)}
    </Alert>
  );
}
