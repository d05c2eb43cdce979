/** The server's issues (error.data.issues) by their first path element: each shown beside its field. */
export function issuesByField(err: unknown): Record<string, string> {
  const issues = (err as { data?: { issues?: { path: (string | number)[]; message: string }[] | null } } | undefined)?.data?.issues ?? [];
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = String(i.path[0] ?? "form");
    out[key] ??= i.message;
  }
  return out;
}
