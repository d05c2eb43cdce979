import { rotateSecret } from "../../../webhooks/rotate-secret";
import { sessionProcedure } from "../../init";
import { type RotateSecretOutput, rotateSecretInput } from "./rotate-secret.types";

/** A new signing secret, with an overlap during which both sign; NOT_FOUND outside the org. */
export const rotateSecretRoute = sessionProcedure
  .input(rotateSecretInput)
  .mutation(({ ctx, input }): Promise<RotateSecretOutput> => rotateSecret(ctx.db, ctx.caller.orgId, input.id, input.overlapHours, ctx.clock()));
