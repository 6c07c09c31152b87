/**
 * A date typed and shown as дд.мм.рррр whatever the browser's locale (a native date input follows the OS: mm/dd/yyyy
 * on an English Windows, and it took a six-digit year). The value handed out is ISO "yyyy-mm-dd" once the text is a
 * real day, "" when empty, and the text itself while unfinished — so a form's schema can refuse it. `min`/`max`
 * (ISO) are announced as the hint; the schema or the caller enforces them.
 *
 * @example
 * <DateField label="Дата народження" value={iso} onChange={setIso} max={today} />
 */
import { type ReactNode, useEffect, useState } from "react";
import { formatDate, maskDate, parseDate } from "../utils/format.ts";
import { TextField } from "./text-field.tsx";

export interface DateFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  name?: string;
  error?: string;
  hint?: ReactNode;
  badge?: ReactNode;
  required?: boolean;
  className?: string;
  placeholder?: string;
  ref?: React.Ref<HTMLInputElement>;
  "data-testid"?: string;
  "data-from-diia"?: string;
}

const toText = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value);

export function DateField({ value, onChange, placeholder = "дд.мм.рррр", ...props }: DateFieldProps) {
  const [text, setText] = useState(() => toText(value));
  // A value set from outside (a reset, a document that arrived) replaces what is shown; our own echo does not.
  useEffect(() => {
    setText((shown) => (parseDate(shown) === value || shown === value ? shown : toText(value)));
  }, [value]);
  return (
    <TextField
      {...props}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      maxLength={10}
      placeholder={placeholder}
      value={text}
      onChange={(e) => {
        const next = maskDate(e.target.value);
        setText(next);
        onChange(next === "" ? "" : (parseDate(next) ?? next));
      }}
    />
  );
}
