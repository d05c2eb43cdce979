import { z } from "zod";
import { entityType, uuid } from "~/domain/events";
import type { FollowupAbout } from "../../../entities/followups-about";

export const followupsInput = z.object({ type: entityType, id: uuid });

export type FollowupsOutput = FollowupAbout[];
