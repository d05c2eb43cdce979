import { type NextRequest, NextResponse } from "next/server";
import { env } from "./env";
import { pageSecurityHeaders } from "./server/http/security-headers";
import { refuseCrossOriginServerAction } from "./server/http/server-action-origin";

/** Next's proxy (formerly middleware): runs before every matched request is routed. */
export function proxy(request: NextRequest) {
  const refused = refuseCrossOriginServerAction(request);
  if (refused) return refused;
  // A fresh CSP nonce per page: Next reads it from the request's CSP header (security-headers.ts).
  const headers = pageSecurityHeaders(request.headers, { dev: process.env.NODE_ENV === "development", appUrl: env.APP_URL });
  const response = NextResponse.next({ request: { headers: headers.request } });
  for (const [name, value] of Object.entries(headers.response)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Pages and server actions; not static files or images, and not /api: a matched request's body
  // is buffered by Next for the proxy (up to 10 MB), which would undo /api/trpc's streamed body
  // limit and cost every API call a hop. API answers get their headers from next.config.js.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
