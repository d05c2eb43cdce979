"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import type { EntityType } from "~/domain/events";
import type { AppRouter } from "~/server/trpc/root";
import { LoadMore } from "~/components/dashboard/load-more";
import type { EntitySearchItem } from "~/components/find/types";
import { RelativeTime } from "~/components/ui/relative-time";
import { ENTITY_PLURALS, ENTITY_WORDS } from "~/components/words/entities";
import { useNextPage } from "~/components/ui/use-next-page";
import { useTRPC } from "~/trpc/react";
import { type DirectoryQuery, directoryHref } from "./query";
import styles from "./directory.module.css";

type ListPage = inferRouterOutputs<AppRouter>["entities"]["list"];

const PAGE = 30;
/** The kinds as a person looks for them: who, then what for them. */
const KINDS: EntityType[] = ["client", "deal", "invoice", "followup"];
const SEARCH_LIMIT = 50;
const TYPING_MS = 200;

/**
 * The directory: one kind or all (links, so each is its own address), a search box (name,
 * invoice number or email; kept in the URL as ?q=), and the entities by recent activity, more
 * loading as you scroll or with "Show more".
 */
export function Directory({ query, first }: { query: DirectoryQuery; first: ListPage | null }) {
  const trpc = useTRPC();
  const searchId = useId();
  const [text, setText] = useState(query.q);
  const [q, setQ] = useState(query.q.trim());
  useEffect(() => {
    const t = setTimeout(() => {
      setQ(text.trim());
      window.history.replaceState(null, "", directoryHref({ type: query.type, q: text }));
    }, TYPING_MS);
    return () => clearTimeout(t);
  }, [text, query.type]);

  const type = query.type ?? undefined;
  const list = useInfiniteQuery(
    trpc.entities.list.infiniteQueryOptions(
      { type, limit: PAGE },
      {
        enabled: q === "",
        getNextPageParam: (p) => p.nextCursor ?? undefined,
        ...(first ? { initialData: { pages: [first], pageParams: [null] } } : {}),
      },
    ),
  );
  const next = useNextPage(list);
  const found = useQuery(trpc.entities.search.queryOptions({ q, type, limit: SEARCH_LIMIT }, { enabled: q !== "", placeholderData: keepPreviousData }));
  const items: EntitySearchItem[] = q === "" ? (list.data?.pages.flatMap((p) => p.items) ?? []) : (found.data?.items ?? []);
  const pending = q === "" ? list.isPending : found.isPending;
  const failed = q === "" ? list.isError : found.isError;
  const kind = query.type ? ENTITY_PLURALS[query.type].toLowerCase() : "records";

  return (
    <div className={styles.directory}>
      <nav aria-label="Kind" className={styles.kinds}>
        {[null, ...KINDS].map((t) => (
          <Link key={t ?? "all"} href={directoryHref({ type: t, q: text })} className={styles.kind} aria-current={t === query.type ? "page" : undefined}>
            {t ? ENTITY_PLURALS[t] : "All"}
          </Link>
        ))}
      </nav>
      <div className={styles.search} role="search">
        <label htmlFor={searchId} className="visually-hidden">
          Search {kind} by name, invoice number or email
        </label>
        <input
          id={searchId}
          className={styles.searchInput}
          type="search"
          autoComplete="off"
          spellCheck={false}
          placeholder="Search by name, invoice number or email"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
      </div>
      <p className={styles.status} aria-live="polite" data-testid="directory-status" data-empty={items.length > 0 && !q && !failed ? "" : undefined}>
        {failed
          ? "The directory could not be loaded. Try again in a moment."
          : pending
            ? "Loading…"
            : q
              ? items.length === 0
                ? `Nothing matches “${q}”.`
                : `${items.length === SEARCH_LIMIT ? `The best ${SEARCH_LIMIT}` : items.length} match${items.length === 1 ? "" : "es"} for “${q}”`
              : items.length === 0
                ? `No ${kind} yet. Press New (or n) to add one.`
                : null}
      </p>
      {items.length > 0 ? (
        <ol className={styles.list} aria-label={q ? `Matches for ${q}` : `${query.type ? ENTITY_PLURALS[query.type] : "Records"}, most recently active first`}>
          {items.map((item) => (
            <li key={`${item.type}:${item.id}`} className={styles.item} data-entity-type={item.type}>
              <div className={styles.itemHead}>
                <Link href={`/entities/${item.type}/${item.id}`} className={styles.name}>
                  {item.display_name}
                </Link>
                <span className={styles.type}>{ENTITY_WORDS[item.type]}</span>
              </div>
              <p className={styles.meta}>
                {item.summary ? <span>{item.summary}</span> : null}
                {item.summary ? <span aria-hidden="true"> · </span> : null}
                <span>
                  Active <RelativeTime iso={item.last_activity_at} />
                </span>
              </p>
            </li>
          ))}
        </ol>
      ) : null}
      {q === "" ? <LoadMore hasMore={!!list.hasNextPage} loading={next.loading} onMore={next.more} /> : null}
    </div>
  );
}
