"use client";

import type { ReactNode } from "react";
import { ToastProvider } from "~/components/ui/toast";
import { TRPCReactProvider } from "~/trpc/react";

/** Client-side context for every page: tRPC + TanStack Query, and the message toasts. */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <ToastProvider>{children}</ToastProvider>
    </TRPCReactProvider>
  );
}
