import { isSameOriginRequest } from "../auth/same-origin";

/**
 * A server action (a POST carrying Next-Action) posted from another origin is refused with a
 * plain 403 before Next handles it: Next would answer 500 and log "Invalid Server Actions
 * request" for every such post, an error log any stranger could fill. The origin rule is the one
 * the API uses (same-origin.ts). Null: not a cross-origin server action, let it through.
 */
export function refuseCrossOriginServerAction(request: { method: string; headers: Pick<Headers, "get" | "has"> }): Response | null {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  if (isSameOriginRequest(request.headers)) return null;
  return new Response("cross-origin request refused", {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
