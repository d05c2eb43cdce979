import { z } from "zod";
import { uuid } from "~/domain/events";
import type { Resent } from "../../../webhooks/redeliver";

export const sendTestInput = z.object({ id: uuid });

export type SendTestOutput = Resent & { message_id: string };
