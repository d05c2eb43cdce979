// Scripts run outside Next, which would otherwise load .env for us. Import this first.
import { InvalidEnvError } from "~/env-errors";

try {
  process.loadEnvFile(".env");
} catch {
  // no .env: the environment (or the defaults in src/env.ts) must do
}

// A bad environment fails while the script's imports load (src/env.ts validates on import): say
// which variables are wrong, one line each, instead of a stack. A monitor, so that every other
// error is still reported by Node (or the script's own handler) as usual.
process.on("uncaughtExceptionMonitor", (error) => {
  if (!(error instanceof InvalidEnvError)) return;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
