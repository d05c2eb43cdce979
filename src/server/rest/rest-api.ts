import { appRouter } from "../trpc/root";
import { type JsonSchema, inputJsonSchema } from "./json-schema";
import { type OpenApiDocument, openApiDocument } from "./openapi";
import { type RestOperation, restOperations } from "./operations";

/** The API's version in the document (the URL's /v1 is the compatibility promise). */
export const API_VERSION = "1.0.0";

type Api = {
  operations: Map<string, RestOperation>;
  /** Each operation's input as JSON Schema, by path: how a GET's query string is read. */
  inputs: Map<string, JsonSchema | null>;
  document: OpenApiDocument;
  json: string;
};

// Module-level (not globalThis): a hot reload in development brings a new router, and a new document.
let cached: Api | undefined;

/** The app router's REST operations by path, and their OpenAPI document, made once per process. */
export function restApi(): Api {
  if (!cached) {
    const ops = restOperations(appRouter);
    const document = openApiDocument(ops, API_VERSION);
    cached = {
      operations: new Map(ops.map((o) => [o.path, o])),
      inputs: new Map(ops.map((o) => [o.path, o.input ? inputJsonSchema(o.input) : null])),
      document,
      json: JSON.stringify(document),
    };
  }
  return cached;
}
