// Import first in a bench entry point: loads .env like the scripts do, and where the secrets are
// set nowhere uses this run's random ones (bench/lib/server.ts), so that src/env.ts validates — it
// refuses .env.example's published values for a database of the bench's own. The bench's own
// databases come from BENCH_ADMIN_URL, not DATABASE_URL.
import "../../scripts/load-env";
import { BENCH_SECRETS } from "./server";

for (const [name, value] of Object.entries(BENCH_SECRETS)) process.env[name] ??= value;
