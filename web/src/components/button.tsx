/**
 * The app's button: at least 48 px tall (touch targets ≥ 44 px), visible focus ring, AA-contrast variants.
 *
 * @example
 * <Button variant="primary" type="submit" data-testid="login-submit">Увійти</Button>
 */
import type { ComponentProps } from "react";

const VARIANTS = {
  primary: "bg-neutral-900 text-white hover:bg-neutral-700 disabled:bg-neutral-400",
  secondary:
    "border-2 border-neutral-300 bg-white text-neutral-900 hover:bg-neutral-100 disabled:text-neutral-400",
  danger: "border-2 border-red-300 bg-white text-red-800 hover:bg-red-50",
  ghost: "text-neutral-800 hover:bg-neutral-100",
} as const;

export function Button({
  variant = "secondary",
  className = "",
  type = "button",
  ...props
}: ComponentProps<"button"> & { variant?: keyof typeof VARIANTS }) {
  return (
    <button
      type={type}
      className={`inline-flex min-h-12 min-w-12 items-center justify-center gap-2 rounded-xl px-5 text-lg font-medium focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed ${VARIANTS[variant]} ${className}`}
      {...props}
    />
  );
}
