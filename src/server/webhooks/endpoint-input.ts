import type { TargetPolicy } from "./address-policy";
import { checkTargetUrl, envTargetPolicy, resolveAll, type ResolveAll } from "./target-policy";
import { AppError } from "../errors";

/** What an endpoint is made of (the procedures' Zod schemas produce it). */
export type EndpointFields = {
  url: string;
  description: string;
  event_types: string[] | null;
  loop_changes: string[];
  enabled: boolean;
};

/** How URLs are checked: the installation's policy and real DNS, unless a test says otherwise. */
export type UrlCheck = { policy?: TargetPolicy; resolve?: ResolveAll };

/** The URL as stored, or BAD_REQUEST naming `url` with why it is refused. */
export async function acceptedUrl(raw: string, check: UrlCheck = {}): Promise<string> {
  const out = await checkTargetUrl(raw.trim(), check.policy ?? envTargetPolicy(), check.resolve ?? resolveAll);
  if (!out.ok) throw new AppError("webhook_url_refused", `url ${out.message}`, ["url"]);
  return out.url;
}
