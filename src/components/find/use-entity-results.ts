"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { EntityType } from "~/domain/events";
import { useTRPC } from "~/trpc/react";
import type { EntitySearchItem } from "./types";

const LIMIT = 8;
/** Typing waits this long before asking: a search per word, not per key. */
const TYPING_MS = 150;

export type EntityResults = { items: EntitySearchItem[]; pending: boolean; searching: boolean; failed: boolean; query: string };

/**
 * What a search box shows for `text`: the most recently active entities while it is empty
 * (entities.list), else the matches by name, invoice number or email (entities.search); only of
 * `types` when given. The previous answer stays on screen while the next is on its way.
 */
export function useEntityResults(text: string, types?: readonly EntityType[], enabled = true): EntityResults {
  const trpc = useTRPC();
  const [q, setQ] = useState(text.trim());
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), TYPING_MS);
    return () => clearTimeout(t);
  }, [text]);
  const one = types?.length === 1 ? types[0] : undefined;
  // Several types (an invoice is for a client or a deal): ask for all, keep those; fetch a few more.
  const limit = types && types.length > 1 ? LIMIT * 3 : LIMIT;
  const recent = useQuery(trpc.entities.list.queryOptions({ type: one, limit }, { enabled: enabled && q === "", placeholderData: keepPreviousData }));
  const found = useQuery(trpc.entities.search.queryOptions({ q, type: one, limit }, { enabled: enabled && q !== "", placeholderData: keepPreviousData }));
  const active = q === "" ? recent : found;
  const items = ((active.data?.items ?? []) as EntitySearchItem[]).filter((i) => !types || types.includes(i.type)).slice(0, LIMIT);
  return { items, pending: active.isPending, searching: active.isFetching || q !== text.trim(), failed: active.isError, query: q };
}
