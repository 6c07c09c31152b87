/**
 * A white panel on the grey page: the frame of every section, form and figure of the app. `as` picks the element
 * (a section with its heading, an article in a list, a form, a figure); `padding` the inner space.
 *
 * @example
 * <Card as="form" onSubmit={submit} data-testid="partner-form">…</Card>
 */
import type { ElementType, FormHTMLAttributes, HTMLAttributes } from "react";

const PADDING = { md: "p-4", lg: "p-5", xl: "p-6" } as const;

export interface CardProps
  extends HTMLAttributes<HTMLElement>,
    Pick<FormHTMLAttributes<HTMLFormElement>, "noValidate"> {
  as?: "section" | "article" | "div" | "figure" | "form" | "aside";
  padding?: keyof typeof PADDING;
}

/** The card's classes, for a card that must be another element (a table row, a list item). */
export const cardClass = (padding: keyof typeof PADDING = "lg") =>
  `min-w-0 rounded-2xl bg-white shadow-sm ${PADDING[padding]}`;

export function Card({
  as: Tag = "section",
  padding = "lg",
  className = "flex flex-col gap-3",
  ...props
}: CardProps) {
  const Element: ElementType = Tag;
  return <Element className={`${cardClass(padding)} ${className}`} {...props} />;
}
