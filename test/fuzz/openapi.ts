// The part of an OpenAPI 3.1 document the fuzzer reads: every operation with its parameters, request body
// and declared responses. Schemas stay plain JSON Schema (draft 2020-12) objects; `$ref`s point into
// `#/components/schemas`.

export type JsonSchema = { [keyword: string]: unknown };

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface RawParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface RawOperation {
  summary?: string;
  parameters?: RawParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface Parameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** "POST /api/v1/participants/{id}/merge": how reports and skip lists name a route. */
  key: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path template, e.g. /api/v1/cases/{id}/contacts/{contactId}. */
  path: string;
  summary: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** Media type → schema of the request body; null when the operation declares none. */
  body: { required: boolean; content: Record<string, JsonSchema> } | null;
  /** Status ("200", "4XX", "default") → media type → schema. */
  responses: Record<string, Record<string, JsonSchema>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const raw = item[method];
      if (!raw) continue;
      const parameters = raw.parameters ?? [];
      const param = (where: RawParameter['in']) =>
        parameters
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} }));
      const responses: Operation['responses'] = {};
      for (const [status, response] of Object.entries(raw.responses ?? {})) {
        responses[status] = Object.fromEntries(
          Object.entries(response.content ?? {}).map(([type, media]) => [type, media.schema ?? {}]),
        );
      }
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Operation['method'],
        path,
        summary: raw.summary ?? '',
        pathParams: param('path'),
        queryParams: param('query'),
        body: raw.requestBody
          ? {
              required: raw.requestBody.required === true,
              content: Object.fromEntries(
                Object.entries(raw.requestBody.content).map(([type, media]) => [type, media.schema ?? {}]),
              ),
            }
          : null,
        responses,
      });
    }
  }
  return operations;
}

/** Follows a local `$ref` (one level; the caller recurses). */
export function resolveRef(document: OpenApiDocument, schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
  const target = match?.[1] ? document.components?.schemas?.[decodeURIComponent(match[1])] : undefined;
  if (!target) throw new Error(`unresolvable $ref ${ref}`);
  return target;
}

/** The Fastify-style URL of a path template with concrete (already encoded) segments. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${path}`);
    return value;
  });
}
