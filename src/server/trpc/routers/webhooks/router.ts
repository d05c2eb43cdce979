import { router } from "../../init";
import { createEndpointRoute } from "./create-endpoint";
import { deleteEndpointRoute } from "./delete-endpoint";
import { getEndpointRoute } from "./get-endpoint";
import { listDeliveriesRoute } from "./list-deliveries";
import { listEndpointsRoute } from "./list-endpoints";
import { redeliverRoute } from "./redeliver";
import { rotateSecretRoute } from "./rotate-secret";
import { sendTestRoute } from "./send-test";
import { updateEndpointRoute } from "./update-endpoint";

/** Settings → Automations, for a signed-in user only; logic in src/server/webhooks. */
export const webhooksRouter = router({
  list: listEndpointsRoute,
  get: getEndpointRoute,
  create: createEndpointRoute,
  update: updateEndpointRoute,
  rotateSecret: rotateSecretRoute,
  delete: deleteEndpointRoute,
  deliveries: listDeliveriesRoute,
  redeliver: redeliverRoute,
  test: sendTestRoute,
});
