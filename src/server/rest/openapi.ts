import { SESSION_COOKIE } from "../auth/session-cookie";
import { type JsonSchema, inputJsonSchema, typesOf } from "./json-schema";
import type { RestOperation } from "./operations";
import { SUMMARIES } from "./summaries";

export type OpenApiDocument = { openapi: "3.1.0"; info: JsonSchema; servers: JsonSchema[]; paths: Record<string, JsonSchema>; components: JsonSchema; tags: JsonSchema[] };

const ERROR_RESPONSES: Record<string, string> = {
  "400": "Bad input: `error.issues` names each field and what is wrong; nothing was written.",
  "401": "No valid API key (`Authorization: Bearer calm_…`) or session.",
  "403": "The key lacks the scope this needs (the message names it), or the body names another org.",
  "404": "No such entity or loop in your org (another org's ids are not found either).",
  "409": "A conflict: the event id exists with other content, expectedVersion does not match, or the loop is not active.",
  "413": "The body is larger than MAX_BODY_BYTES (8 MiB by default).",
  "429": "Too many requests with this key: wait `Retry-After` seconds.",
  "503": "The database is out of reach: retry after `Retry-After` seconds.",
};

/**
 * The OpenAPI 3.1 document of the REST API (`GET /api/v1/openapi.json`), made from the operations
 * the router yields (operations.ts) and their Zod input schemas: nothing is written twice.
 * Responses are described, not typed (procedures declare their outputs as TypeScript types).
 */
export function openApiDocument(ops: readonly RestOperation[], version: string): OpenApiDocument {
  const paths: Record<string, JsonSchema> = {};
  for (const op of ops) {
    const words = SUMMARIES[op.procedure];
    const schema = op.input ? inputJsonSchema(op.input) : null;
    const auth =
      op.scope === null
        ? "Public: no credential."
        : `API keys need the \`${op.scope}\` scope (a signed-in session may call it too, from Calm's own pages).`;
    const operation: JsonSchema = {
      operationId: op.procedure,
      tags: [op.procedure.split(".")[0]],
      summary: words?.summary ?? op.procedure,
      description: [words?.description, auth, `The tRPC procedure \`${op.procedure}\`, same input and answer.`].filter(Boolean).join("\n\n"),
      security: op.scope === null ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
      "x-calm-scope": op.scope,
      responses: {
        "200": { description: "The procedure's answer, as JSON.", content: { "application/json": { schema: {} } } },
        ...Object.fromEntries(Object.keys(ERROR_RESPONSES).map((code) => [code, { $ref: `#/components/responses/E${code}` }])),
      },
    };
    if (op.method === "GET") operation.parameters = schema ? queryParameters(schema) : [];
    else if (schema) operation.requestBody = { required: true, content: { "application/json": { schema } } };
    paths[op.path] = { [op.method.toLowerCase()]: operation };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Calm API",
      version,
      description:
        "The event backbone's HTTP API, for any language. Every operation is a tRPC procedure of the app, generated from its Zod schema: " +
        "queries are GET with their input in the query string, commands POST with a JSON body. Authenticate with an API key " +
        "(Settings → API keys): `Authorization: Bearer calm_…`.",
    },
    servers: [{ url: "/api/v1" }],
    tags: [...new Set(ops.map((o) => o.procedure.split(".")[0]!))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API key from Settings → API keys (calm_…)." },
        sessionCookie: { type: "apiKey", in: "cookie", name: SESSION_COOKIE, description: "A signed-in browser on Calm's own origin." },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", examples: ["BAD_REQUEST", "NOT_FOUND", "CONFLICT", "TOO_MANY_REQUESTS"] },
                message: { type: "string" },
                issues: {
                  anyOf: [
                    { type: "array", items: { type: "object", properties: { path: { type: "array", items: { type: ["string", "integer"] } }, message: { type: "string" } } } },
                    { type: "null" },
                  ],
                },
              },
            },
          },
        },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([code, description]) => [
          `E${code}`,
          { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        ]),
      ),
    },
  };
}

/** A GET's input fields as query parameters (an input that is not an object: one `input` parameter holding its JSON). */
function queryParameters(schema: JsonSchema): JsonSchema[] {
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (!typesOf(schema).has("object") || !props) {
    return [{ name: "input", in: "query", required: false, description: "The input as JSON.", content: { "application/json": { schema } } }];
  }
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: "query",
    required: required.has(name),
    schema: s,
    ...(typesOf(s).has("array") ? { style: "form", explode: true } : {}),
  }));
}
