// Webhook delivery passes in a loop, as a child process the SIGKILL test kills mid-POST.
// env: DATABASE_URL, WEBHOOK_SECRET_KEY (and the app's required secrets).
import { createPool } from "../../src/server/db/pool";
import { deliveryPass } from "../../src/server/webhooks/delivery-pass";

const pool = createPool(process.env.DATABASE_URL!, 2);
process.stdout.write("ready\n");
for (;;) {
  const pass = await deliveryPass(pool, { timeoutMs: 60_000, maxAttempts: 5, retryBaseMs: 1000, policy: { allowPrivate: true, allowLoopback: false } });
  if (pass.endpoints === 0) await new Promise((r) => setTimeout(r, 20));
}
