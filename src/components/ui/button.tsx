import type { ComponentProps } from "react";
import styles from "./button.module.css";

export type ButtonProps = ComponentProps<"button"> & {
  /** primary: the one main action in view; secondary: ordinary actions; quiet: low-key ones. */
  variant?: "primary" | "secondary" | "quiet";
  size?: "sm" | "md";
};

/** A plain button; `type` defaults to "button" so it never submits a form by accident. */
export function Button({ variant = "secondary", size = "md", className, type = "button", ...rest }: ButtonProps) {
  const cls = [styles.button, styles[variant], size === "sm" ? styles.sm : "", className ?? ""].filter(Boolean).join(" ");
  return <button type={type} className={cls} {...rest} />;
}
