// The pages' strict Content-Security-Policy: scripts run only with the per-request nonce (Next
// puts it on its own scripts when it finds it in the request's CSP header, see
// node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md), so an injected
// <script> or inline handler never runs. The headers every response gets (frame, sniffing,
// Referer, permissions, the API's CSP) are static: next.config.js.

export type PageCspOptions = { nonce: string; dev: boolean; https: boolean };

/**
 * The pages' policy. 'strict-dynamic' lets Next's nonce-bearing scripts load their chunks; dev
 * mode needs 'unsafe-eval' (React's error overlay) and inline styles (hot reload); production
 * needs neither.
 */
export function pageCsp({ nonce, dev, https }: PageCspOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** HSTS only when the app's public URL is https: on plain http a browser would ignore it, and loopback must stay reachable. */
export const hsts = (appUrl: string | undefined): string | null => (appUrl?.startsWith("https:") ? "max-age=31536000" : null);

/** 128 random bits, base64: unguessable per response, as a nonce must be. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * For a page request: the request headers Next renders with (its CSP carries the nonce Next
 * applies to its scripts; x-nonce for a component that needs it) and the response headers.
 */
export function pageSecurityHeaders(requestHeaders: Headers, opts: { dev: boolean; appUrl: string | undefined }): { request: Headers; response: Record<string, string> } {
  const nonce = newNonce();
  const csp = pageCsp({ nonce, dev: opts.dev, https: opts.appUrl?.startsWith("https:") ?? false });
  const request = new Headers(requestHeaders);
  request.set("x-nonce", nonce);
  request.set("content-security-policy", csp);
  const strict = hsts(opts.appUrl);
  return { request, response: { "content-security-policy": csp, ...(strict ? { "strict-transport-security": strict } : {}) } };
}
