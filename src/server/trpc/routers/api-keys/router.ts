import { router } from "../../init";
import { createKeyRoute } from "./create-key";
import { listKeysRoute } from "./list-keys";
import { revokeKeyRoute } from "./revoke-key";

/** Settings → API keys, for a signed-in user only; logic in src/server/api-keys. */
export const apiKeysRouter = router({
  list: listKeysRoute,
  create: createKeyRoute,
  revoke: revokeKeyRoute,
});
