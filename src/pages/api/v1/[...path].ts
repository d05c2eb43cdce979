import type { NextApiRequest, NextApiResponse } from "next";
import { handleRest } from "~/server/rest/handle-rest";

/**
 * The REST API under /api/v1 (src/server/rest): on the Pages Router's Node adapter like /api/trpc,
 * reading its own body within MAX_BODY_BYTES.
 */
export const config = { api: { bodyParser: false, responseLimit: false, externalResolver: true } };

export default function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  return handleRest(req, res);
}
