import { envDeliveryConfig } from "../../../webhooks/delivery-config";
import { sendTest } from "../../../webhooks/send-test";
import { sessionProcedure } from "../../init";
import { type SendTestOutput, sendTestInput } from "./send-test.types";

/** Sends the endpoint a signed `webhook.test` message now; NOT_FOUND outside the org. */
export const sendTestRoute = sessionProcedure
  .input(sendTestInput)
  .mutation(({ ctx, input }): Promise<SendTestOutput> => sendTest(ctx.db, ctx.caller.orgId, input.id, envDeliveryConfig(), ctx.clock));
