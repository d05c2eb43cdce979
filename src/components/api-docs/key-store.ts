"use client";

/** The API key typed on the reference page, for this tab only (sessionStorage): every "Try it" sends it. */
const KEY = "calm-api-reference-key";

export const readKey = (): string => (typeof sessionStorage === "undefined" ? "" : (sessionStorage.getItem(KEY) ?? ""));
export const writeKey = (key: string): void => {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
};
