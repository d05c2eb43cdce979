"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isSameOriginRequest } from "~/server/auth/same-origin";
import { signOutEverywhere, signOutHere } from "~/server/auth/sign-out";

// Signing in is a Node route (src/pages/api/auth/sign-in.ts): it needs the client's address.

/** Ends this browser's session. A cross-site post never gets here (src/proxy.ts answers 403); refused again all the same. */
export async function signOut(): Promise<void> {
  if (!isSameOriginRequest(await headers())) return;
  await signOutHere();
  redirect("/sign-in");
}

/** Ends every session of the signed-in user, on every device, this one included. */
export async function signOutOfAllDevices(): Promise<void> {
  if (!isSameOriginRequest(await headers())) return;
  await signOutEverywhere();
  redirect("/sign-in");
}
