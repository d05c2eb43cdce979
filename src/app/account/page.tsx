import { Button } from "~/components/ui/button";
import { requireSession } from "~/server/auth/page-session";
import { pageCaller } from "~/server/trpc/page-caller";
import { signOutOfAllDevices } from "../sign-in/actions";
import styles from "./account.module.css";

export const metadata = { title: "Your account · Calm" };

/** Who you are signed in as, and the way to end every session of your account. */
export default async function AccountPage() {
  const viewer = await requireSession();
  const who = await pageCaller(viewer).org.identity();
  return (
    <main className="page">
      <h1 className={styles.title}>Your account</h1>
      <p className={styles.lead}>
        Signed in as {who?.userName ?? viewer.name} at {who?.orgName ?? "your organisation"}.
      </p>
      <section className={styles.section} aria-labelledby="all-devices">
        <h2 id="all-devices">Sign out of all devices</h2>
        <p>
          Ends every session of your account: on other computers and phones, in forgotten browsers, and on this one. Use it if a
          device was lost or someone else may have signed in as you.
        </p>
        <form action={signOutOfAllDevices}>
          <Button type="submit" variant="secondary">
            Sign out of all devices
          </Button>
        </form>
      </section>
    </main>
  );
}
