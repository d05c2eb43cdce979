/** One issue as the env validation reports it (Standard Schema): a message and the variable's path. */
export type EnvIssue = { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] | undefined };

/** A bad environment: one line per bad variable, what it must be and what it got. No stack is useful. */
export class InvalidEnvError extends Error {
  constructor(readonly lines: string[]) {
    super(`Invalid environment (set in .env or the shell):\n${lines.map((l) => `  ${l}`).join("\n")}`);
    this.name = "InvalidEnvError";
  }
}

// Values never shown back: secrets by name, and a URL's password.
const SECRET_NAME = /SECRET|PASSWORD|TOKEN/;

function shown(name: string, value: string | undefined): string {
  if (value === undefined) return "not set";
  if (SECRET_NAME.test(name)) return `got ${value.length} characters`;
  let text = value;
  try {
    const url = new URL(value);
    if (url.password) {
      url.password = "***";
      text = url.toString();
    }
  } catch {
    // not a URL: shown as it is
  }
  return `got ${JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text)}`;
}

/** `PORT: must be a whole number from 1 to 65535 (got "abc")`, one line per variable, in issue order. */
export function describeEnvIssues(issues: readonly EnvIssue[], source: Record<string, string | undefined>): string[] {
  const byName = new Map<string, string[]>();
  for (const issue of issues) {
    const first = issue.path?.[0];
    const name = String((typeof first === "object" && first !== null ? first.key : first) ?? "environment");
    const messages = byName.get(name) ?? [];
    if (!messages.includes(issue.message)) messages.push(issue.message);
    byName.set(name, messages);
  }
  return [...byName].map(([name, messages]) => `${name}: ${messages.join("; ")} (${shown(name, source[name])})`);
}
