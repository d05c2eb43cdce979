import { handleSignIn } from "~/server/auth/sign-in-request";

/** The sign-in form's target (src/server/auth/sign-in-request.ts says why it is a Node route). */
export const config = {
  // A form of two fields: anything bigger is not one (Next answers 413 past the limit).
  api: { bodyParser: { sizeLimit: "16kb" } },
};

export default handleSignIn;
