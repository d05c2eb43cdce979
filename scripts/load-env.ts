// Scripts run outside Next, which would otherwise load .env for us. Import this first.
try {
  process.loadEnvFile(".env");
} catch {
  // no .env: the environment (or the defaults in src/env.ts) must do
}
