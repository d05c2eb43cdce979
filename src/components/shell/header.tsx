import Link from "next/link";
import { signOut } from "~/app/sign-in/actions";
import type { Identity } from "~/server/orgs/identity";
import { HeaderActions } from "./header-actions";
import { NavLinks } from "./nav-links";
import { StatusLine } from "./status-line";
import styles from "./shell.module.css";

/**
 * The app's header on every signed-in page: where you are, finding and creating things, who you
 * are, and whether all is current. Its parts wrap rather than overflow: at 390 px nothing is cut.
 */
export function Header({ who }: { who: Identity }) {
  return (
    <header className={styles.header}>
      <div className={styles.bar}>
        <Link href="/" className={styles.brand}>
          Calm
        </Link>
        <NavLinks />
        <div className={styles.actions}>
          <HeaderActions />
        </div>
        <div className={styles.meta}>
          <StatusLine />
          {/* Who you are, and the way to your account (sign out of all devices). */}
          <Link href="/account" className={styles.who} title="Your account">
            <span className={styles.org}>{who.orgName}</span>
            {" · "}
            <span className={styles.user}>{who.userName}</span>
          </Link>
        </div>
        <form action={signOut} className={styles.signOutSlot}>
          <button type="submit" className={styles.signOut}>
            Sign out
          </button>
        </form>
      </div>
    </header>
  );
}
