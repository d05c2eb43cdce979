// The test files that run with modules of their own (vitest.config.ts, project "own-modules"); every
// other file shares its worker's modules. tests/own-modules.test.ts keeps this list complete.
export const OWN_MODULES = [
  "scripts/rebuild-embedded.int.test.ts",
  "src/app/api/worker/tick/route.int.test.ts",
  "src/server/auth/session-rotation.int.test.ts",
  "src/server/db/embedded.int.test.ts",
  "src/server/db/migrate/apply-migrations.int.test.ts",
  "src/server/projector/loop-counts-migration.int.test.ts",
];

/** What makes a file need its own modules: it swaps modules or the environment, or runs Prisma's schema engine. */
export const NEEDS_OWN_MODULES = /vi\.(resetModules|stubEnv|doMock|mock)\(|\bapplyMigrations\b|\bstartEmbeddedPostgres\b/;
