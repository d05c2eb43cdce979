import type { ReactNode } from "react";
import { Header } from "~/components/shell/header";
import { currentViewer } from "~/server/auth/page-session";
import { pageCaller } from "~/server/trpc/page-caller";
import { Providers } from "./providers";
import "./globals.css";

export const metadata = { title: "Calm", description: "The few things that need you, calmly." };

/** Every page gets the client providers; signed-in pages also get the header. Pages render their own <main>. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await currentViewer();
  const who = viewer ? await pageCaller(viewer).org.identity() : null;
  return (
    <html lang="en">
      <body>
        <Providers>
          {who ? (
            <>
              <a href="#content" className="skip-link">
                Skip to content
              </a>
              <Header who={who} />
            </>
          ) : null}
          <div id="content" tabIndex={-1}>
            {children}
          </div>
        </Providers>
      </body>
    </html>
  );
}
