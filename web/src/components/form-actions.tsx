/**
 * A form's last row: the submit button, an optional «Скасувати», then whatever reports the outcome (a saved note,
 * an error). Submit is disabled while the call is pending, so a double click sends once.
 *
 * @example
 * <FormActions submit={t.save} pending={save.isPending} onCancel={onDone} cancel={t.cancel} submitTestId="branch-save">
 *   <ErrorAlert error={save.error} lang={lang} />
 * </FormActions>
 */
import type { ReactNode } from "react";
import { Button } from "./button.tsx";

export function FormActions({
  submit,
  pending = false,
  disabled = false,
  cancel,
  onCancel,
  submitTestId,
  cancelTestId,
  className = "",
  children,
}: {
  submit: string;
  pending?: boolean;
  disabled?: boolean;
  cancel?: string;
  onCancel?: () => void;
  submitTestId?: string;
  cancelTestId?: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`flex flex-wrap items-center gap-3 ${className}`}>
      <Button variant="primary" type="submit" disabled={pending || disabled} data-testid={submitTestId}>
        {submit}
      </Button>
      {onCancel && cancel && (
        <Button variant="ghost" onClick={onCancel} data-testid={cancelTestId}>
          {cancel}
        </Button>
      )}
      {children}
    </div>
  );
}
