// A labelled <select> with the same size and focus ring as TextField (touch target ≥ 44 px).
import { type SelectHTMLAttributes, useId } from "react";

export function SelectField({
  label,
  options,
  className = "",
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; options: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-base font-medium text-neutral-800">
        {label}
      </label>
      <select
        id={id}
        className="min-h-12 rounded-xl border-2 border-neutral-300 bg-white px-3 text-lg focus:border-blue-600 focus:outline-none"
        {...props}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
