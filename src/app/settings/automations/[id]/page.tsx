import { notFound } from "next/navigation";
import Link from "next/link";
import { EndpointPanel } from "~/components/settings/endpoint-panel";
import { requireSession } from "~/server/auth/page-session";
import { isAppError } from "~/server/errors";
import { pageCaller } from "~/server/trpc/page-caller";

export const metadata = { title: "Webhook endpoint · Settings · Calm" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One endpoint of the org (another org's id is not found, as if it did not exist). */
export default async function EndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireSession();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const endpoint = await pageCaller(viewer)
    .webhooks.get({ id })
    .catch((e: unknown) => {
      if (isAppError((e as { cause?: unknown }).cause, "webhook_not_found")) return null;
      throw e;
    });
  if (!endpoint) notFound();
  return (
    <>
      <p>
        <Link href="/settings/automations">← All endpoints</Link>
      </p>
      <EndpointPanel initial={endpoint} />
    </>
  );
}
