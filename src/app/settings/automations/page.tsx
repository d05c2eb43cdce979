import { AutomationsPanel } from "~/components/settings/automations-panel";
import { requireSession } from "~/server/auth/page-session";
import { pageCaller } from "~/server/trpc/page-caller";

export const metadata = { title: "Automations · Settings · Calm" };

/** Settings → Automations: the org's webhook endpoints. */
export default async function AutomationsPage() {
  const viewer = await requireSession();
  const { items } = await pageCaller(viewer).webhooks.list();
  return <AutomationsPanel initial={items} />;
}
