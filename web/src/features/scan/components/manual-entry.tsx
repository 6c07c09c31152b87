/**
 * Manual entry of the 13 barcode digits: one field shown grouped as printed (`2 858364 170864`), separators in a
 * paste dropped, a letter kept in view and named in the message (never dropped), the EAN-13 check digit checked as
 * you type, submit enabled only for a valid code.
 *
 * @example
 * <ManualEntry lang="uk" onSubmit={(code) => requestDocuments(code)} />
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { type ScanLang, scanText } from "../i18n.ts";
import { cleanCodeInput, groupEan13, type ManualCode, manualCodeSchema } from "../lib/code-input.ts";

export function ManualEntry({
  lang = "uk",
  onSubmit,
}: {
  lang?: ScanLang;
  onSubmit: (code: string) => void;
}) {
  const t = scanText[lang];
  const [otherChars, setOtherChars] = useState<string[]>([]);
  const hadOtherChars = otherChars.length > 0;
  const { register, handleSubmit, setValue, watch, formState } = useForm<ManualCode>({
    resolver: zodResolver(manualCodeSchema),
    mode: "onChange",
    defaultValues: { code: "" },
  });
  const code = watch("code");
  const field = register("code");
  const checksumWrong = code.length === 13 && formState.errors.code?.message === "checksum";
  const message = hadOtherChars
    ? t.manualOnlyDigits(otherChars.join(" "))
    : checksumWrong
      ? t.manualChecksum
      : code.length > 0 && code.length < 13
        ? t.manualRemaining(13 - code.length)
        : "";

  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={handleSubmit((values) => onSubmit(values.code))}
      noValidate
      data-testid="manual-entry"
    >
      <label htmlFor="manual-code" className="text-base font-medium text-neutral-800">
        {t.manualLabel}
      </label>
      <div className="flex flex-wrap gap-3">
        <input
          id="manual-code"
          name={field.name}
          ref={field.ref}
          value={groupEan13(code)}
          // No RHF onBlur: it would read the grouped display text ("2 858364 170864") back as the value and
          // fail validation the moment the teller clicks the button.
          onChange={(event) => {
            const cleaned = cleanCodeInput(event.target.value);
            setOtherChars(cleaned.otherChars);
            setValue("code", cleaned.code, { shouldValidate: true, shouldDirty: true });
          }}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          placeholder={t.manualPlaceholder}
          aria-invalid={checksumWrong || hadOtherChars}
          aria-describedby="manual-code-message"
          data-testid="manual-code-input"
          className="min-h-14 min-w-0 flex-1 rounded-xl border-2 border-neutral-300 bg-white px-4 font-mono text-2xl tracking-widest text-neutral-900 outline-none focus:border-blue-600 aria-invalid:border-red-600"
        />
        <button
          type="submit"
          disabled={!formState.isValid}
          data-testid="manual-code-submit"
          className="min-h-14 rounded-xl bg-blue-700 px-6 text-lg font-semibold text-white hover:bg-blue-800 disabled:cursor-not-allowed disabled:bg-neutral-300 disabled:text-neutral-600"
        >
          {t.manualSubmit}
        </button>
      </div>
      <p
        id="manual-code-message"
        aria-live="polite"
        data-testid="manual-code-message"
        className={`min-h-6 text-base ${checksumWrong || hadOtherChars ? "text-red-700" : "text-neutral-600"}`}
      >
        {message}
      </p>
    </form>
  );
}
