import type { OpenApiDocument } from "~/server/rest/openapi";
import type { JsonSchema } from "~/server/rest/json-schema";
import { SchemaFields, typeWords } from "./schema-fields";
import { TryIt } from "./try-it";
import styles from "./api-docs.module.css";

type Operation = {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters?: { name: string; required: boolean; schema?: JsonSchema }[];
  requestBody?: { content: { "application/json": { schema: JsonSchema } } };
};

/** The operations of the OpenAPI document, by tag, each with its fields and a "Try it" (examples: made from each schema). */
export function ApiReference({ doc, examples }: { doc: OpenApiDocument; examples: Record<string, string> }) {
  const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ path, method: method.toUpperCase() as "GET" | "POST", op })),
  );
  const tags = [...new Set(ops.map((o) => o.op.tags[0]!))];
  return (
    <>
      <nav aria-label="Operations">
        <ul className={styles.toc}>
          {ops.map(({ path, method, op }) => (
            <li key={path}>
              <a href={`#${anchor(op.operationId)}`}>
                {method} {path}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {tags.map((tag) => (
        <section key={tag} className={styles.group} aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`} className={styles.tag}>
            {tag}
          </h2>
          {ops
            .filter((o) => o.op.tags[0] === tag)
            .map(({ path, method, op }) => (
              <article key={path} id={anchor(op.operationId)} className={styles.op} aria-labelledby={`${anchor(op.operationId)}-title`}>
                <h3 id={`${anchor(op.operationId)}-title`}>
                  <span className={styles.method}>{method}</span>
                  <span className={styles.path}>/api/v1{path}</span>
                  <span>{op.summary}</span>
                </h3>
                {op.description.split("\n\n").map((para, i) => (
                  <p key={i} className={i > 0 ? styles.muted : undefined}>
                    {para.replaceAll("`", "")}
                  </p>
                ))}
                {op.parameters?.length ? (
                  <>
                    <p>Query parameters:</p>
                    <ul className={styles.fields}>
                      {op.parameters.map((p) => (
                        <li key={p.name}>
                          <span className={styles.name}>{p.name}</span> <span className={styles.type}>{p.schema ? typeWords(p.schema) : "JSON"}</span>
                          {p.required ? <span className={styles.required}> required</span> : null}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {op.requestBody ? (
                  <>
                    <p>JSON body:</p>
                    <SchemaFields schema={op.requestBody.content["application/json"].schema} />
                  </>
                ) : null}
                <TryIt method={method} path={path} example={examples[path] ?? ""} />
              </article>
            ))}
        </section>
      ))}
    </>
  );
}

const anchor = (operationId: string) => `op-${operationId.replaceAll(".", "-")}`;
