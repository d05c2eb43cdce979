"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./settings.module.css";

const LINKS = [
  { href: "/settings/automations", label: "Automations" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/docs/api", label: "API reference" },
] as const;

/** The places of Settings; the current one marked for screen readers too. */
export function SettingsNav() {
  const path = usePathname() ?? "";
  return (
    <nav aria-label="Settings" className={styles.subnav}>
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href} className={styles.subnavLink} aria-current={path === l.href || path.startsWith(`${l.href}/`) ? "page" : undefined}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
