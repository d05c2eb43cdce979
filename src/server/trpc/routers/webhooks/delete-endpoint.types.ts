import { z } from "zod";
import { uuid } from "~/domain/events";

export const deleteEndpointInput = z.object({ id: uuid });

export type DeleteEndpointOutput = { deleted: true };
