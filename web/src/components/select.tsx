/**
 * A labelled <select> with the same frame as TextField: label, hint and error wired through `aria-describedby`, the
 * same size and focus ring (touch target ≥ 44 px). `hideLabel` keeps the label for screen readers only (a select in
 * a table row whose column already says it); `inline` puts the label beside the control.
 *
 * @example
 * <Select label="Роль" options={ROLES.map((r) => ({ value: r, label: t.roles[r] }))} {...register("role")} />
 */
import type { SelectHTMLAttributes } from "react";
import { CONTROL, type FieldFrame, Frame, useField } from "./text-field.tsx";

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps extends FieldFrame, SelectHTMLAttributes<HTMLSelectElement> {
  options: readonly SelectOption[];
  hideLabel?: boolean;
  inline?: boolean;
  ref?: React.Ref<HTMLSelectElement>;
}

export function Select({ options, hideLabel, inline, ...props }: SelectProps) {
  const { frame, control } = useField(props);
  return (
    <Frame {...frame} hideLabel={hideLabel} inline={inline}>
      <select className={`min-h-12 ${CONTROL}`} {...control}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}
