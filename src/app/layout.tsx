import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "Calm", description: "The few things that need you, calmly." };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
