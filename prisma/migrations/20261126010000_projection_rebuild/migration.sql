-- Shadow tables for `npm run projections:rebuild`: the rebuild folds the log into these while the
-- live projection keeps serving, then swaps the contents in one transaction.
CREATE TABLE "entities_rebuild" (LIKE "entities" INCLUDING ALL);
CREATE TABLE "open_loops_rebuild" (LIKE "open_loops" INCLUDING ALL);
