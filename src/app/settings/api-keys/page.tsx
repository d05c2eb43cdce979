import { ApiKeysPanel } from "~/components/settings/api-keys-panel";
import { requireSession } from "~/server/auth/page-session";
import { pageCaller } from "~/server/trpc/page-caller";

export const metadata = { title: "API keys · Settings · Calm" };

/** Settings → API keys. */
export default async function ApiKeysPage() {
  const viewer = await requireSession();
  const { items } = await pageCaller(viewer).apiKeys.list();
  return <ApiKeysPanel initial={items} />;
}
