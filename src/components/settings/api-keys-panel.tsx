"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { ApiKeyItem } from "~/server/api-keys/list-keys";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { RelativeTime } from "~/components/ui/relative-time";
import { useToast } from "~/components/ui/toast";
import { SCOPE_WORDS, settingsErrorWords } from "~/components/words/settings";
import { useTRPC } from "~/trpc/react";
import { issuesByField } from "./field-issues";
import { ShownOnce } from "./shown-once";
import styles from "./settings.module.css";

type Scope = keyof typeof SCOPE_WORDS;
const SCOPES = Object.keys(SCOPE_WORDS) as Scope[];
const DEFAULT: Scope[] = ["read", "append", "loops:write"];

/** Settings → API keys: the org's keys (never the keys themselves), a new one shown once, revocation. */
export function ApiKeysPanel({ initial }: { initial: ApiKeyItem[] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const id = useId();
  const list = useQuery({ ...trpc.apiKeys.list.queryOptions(), initialData: { items: initial } });
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(DEFAULT);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [made, setMade] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyItem | null>(null);
  const refresh = () => void qc.invalidateQueries(trpc.apiKeys.pathFilter());
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (out) => {
        setMade(out.key);
        setName("");
        setScopes(DEFAULT);
        setErrors({});
        refresh();
      },
      onError: (err) => setErrors(issuesByField(err)),
    }),
  );
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: () => {
        toast("Key revoked: it stops working everywhere within a second.");
        setRevoking(null);
        refresh();
      },
      onError: (err) => toast(settingsErrorWords(err, "revoke the key"), "error"),
    }),
  );
  const items = list.data?.items ?? [];
  return (
    <>
      <section className={styles.section} aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>New key</h2>
        <p>For a program that calls Calm&apos;s API (Authorization: Bearer …). Give it only what it needs.</p>
        {made ? <ShownOnce label="API key" value={made} /> : null}
        <form
          className={styles.form}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setMade(null);
            create.mutate({ name, scopes });
          }}
        >
          <div className={styles.field}>
            <label htmlFor={`${id}-name`}>Name</label>
            <input
              id={`${id}-name`}
              type="text"
              value={name}
              maxLength={200}
              placeholder="e.g. Invoice importer"
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={errors.name ? `${id}-name-error` : undefined}
              onChange={(e) => setName(e.target.value)}
            />
            {errors.name ? <p id={`${id}-name-error`} className={styles.error}>{errors.name}</p> : null}
          </div>
          <fieldset className={styles.fieldset}>
            <legend className={styles.legend}>What it may do</legend>
            <div className={styles.checks}>
              {SCOPES.map((s) => (
                <label key={s} className={styles.check}>
                  <input type="checkbox" checked={scopes.includes(s)} onChange={() => setScopes(scopes.includes(s) ? scopes.filter((x) => x !== s) : [...scopes, s])} />
                  <span>
                    {SCOPE_WORDS[s].label}
                    <br />
                    <span className={styles.hint}>{SCOPE_WORDS[s].hint}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.scopes ? <p className={styles.error}>{errors.scopes}</p> : null}
          </fieldset>
          <div>
            <Button type="submit" variant="primary" disabled={create.isPending}>
              Create key
            </Button>
          </div>
        </form>
      </section>

      <section className={styles.section} aria-labelledby={`${id}-keys`}>
        <h2 id={`${id}-keys`}>Keys</h2>
        {items.length === 0 ? <p className={styles.muted}>No keys yet.</p> : null}
        <ul className={styles.list}>
          {items.map((k) => (
            <li key={k.id} className={styles.item} data-testid="api-key">
              <div className={styles.spread}>
                <span className={styles.itemTitle}>{k.name}</span>
                {k.revoked_at ? (
                  <span className={styles.badge} data-tone="bad">
                    Revoked
                  </span>
                ) : (
                  <Button size="sm" variant="quiet" onClick={() => setRevoking(k)}>
                    Revoke<span className="visually-hidden"> {k.name}</span>
                  </Button>
                )}
              </div>
              <p className={styles.meta}>
                <span className={styles.mono}>{k.prefix}…</span> · {k.scopes.map((s) => SCOPE_WORDS[s as Scope]?.label ?? s).join(", ")}
              </p>
              <p className={styles.meta}>
                Created <RelativeTime iso={k.created_at} />
                {k.created_by ? ` by ${k.created_by.name}` : ""} ·{" "}
                {k.last_used_at ? (
                  <>
                    last used <RelativeTime iso={k.last_used_at} />
                  </>
                ) : (
                  "never used"
                )}
                {k.revoked_at ? (
                  <>
                    {" "}· revoked <RelativeTime iso={k.revoked_at} />
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <Dialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        description="Programs using it are refused from now on. This cannot be undone."
      >
        <div className={styles.row}>
          <Button variant="primary" onClick={() => revoking && revoke.mutate({ id: revoking.id })} disabled={revoke.isPending}>
            Revoke key
          </Button>
          <Button variant="quiet" onClick={() => setRevoking(null)}>
            Keep it
          </Button>
        </div>
      </Dialog>
    </>
  );
}
