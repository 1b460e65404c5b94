// Checks one response against the OpenAPI document: the status must be declared for the operation, a JSON
// body must validate against the declared schema of that status (ajv, draft 2020-12, with formats), and a
// validation failure (400 validation_failed) must name its field errors.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema, OpenApiDocument, Operation } from './openapi.ts';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const formatsModule = addFormatsModule as unknown as FormatsPlugin & { default?: FormatsPlugin };
const addFormats: FormatsPlugin = formatsModule.default ?? formatsModule;

const DOCUMENT_ID = 'openapi.json';

export interface ResponseLike {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** Local refs (#/components/…) rewritten to point into the document registered with ajv. */
function anchorRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(anchorRefs);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([key, value]) => [
        key,
        key === '$ref' && typeof value === 'string' && value.startsWith('#/')
          ? `${DOCUMENT_ID}${value}`
          : anchorRefs(value),
      ]),
    );
  }
  return schema;
}

function mediaTypeOf(headers: ResponseLike['headers']): string {
  const value = headers['content-type'];
  const text = Array.isArray(value) ? (value[0] ?? '') : String(value ?? '');
  return text.split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

export class ResponseChecker {
  readonly #ajv: Ajv2020;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    // strict: false because the registered document carries OpenAPI members (paths, info…) next to schemas.
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.#ajv);
    this.#ajv.addFormat('binary', true);
    this.#ajv.addSchema({ $id: DOCUMENT_ID, components: document.components ?? {} });
  }

  /** Problems of a value against a schema of the document (also used to check the fuzzer's own valid values). */
  schemaProblems(key: string, schema: JsonSchema, value: unknown): string[] {
    const validate = this.#validator(key, schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
  }

  #validator(key: string, schema: JsonSchema): ValidateFunction {
    let validate = this.#compiled.get(key);
    if (!validate) {
      validate = this.#ajv.compile(anchorRefs(schema) as JsonSchema);
      this.#compiled.set(key, validate);
    }
    return validate;
  }

  /** Problems of the response; empty when it matches the document. */
  check(operation: Operation, response: ResponseLike): string[] {
    const status = String(response.statusCode);
    const declared =
      operation.responses[status] ?? operation.responses[`${status[0] ?? ''}XX`] ?? operation.responses.default;
    if (!declared) {
      return [`status ${status} is not declared (declared: ${Object.keys(operation.responses).join(', ')})`];
    }
    const type = mediaTypeOf(response.headers);
    if (response.statusCode === 204 || response.body.length === 0) {
      return Object.keys(declared).length === 0 || response.statusCode === 204
        ? []
        : [`empty body, but ${status} declares ${Object.keys(declared).join(', ')}`];
    }
    const media = declared[type];
    if (!media) {
      return [
        `content type ${type || '(none)'} is not declared for ${status} (declared: ${Object.keys(declared).join(', ') || 'none'})`,
      ];
    }
    if (!isJsonMediaType(type)) return [];
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [`${type} body is not JSON: ${response.body.slice(0, 120)}`];
    }
    const problems: string[] = [];
    const validate = this.#validator(`${operation.key} ${status} ${type}`, media);
    if (!validate(body)) {
      problems.push(
        `body does not match the ${status} schema: ${(validate.errors ?? [])
          .slice(0, 5)
          .map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`)
          .join('; ')}`,
      );
    }
    if (response.statusCode >= 400) problems.push(...problemDetailsIssues(type, body));
    return problems;
  }
}

function problemDetailsIssues(type: string, body: unknown): string[] {
  if (type !== 'application/problem+json') return [`a ${type} error response is not application/problem+json`];
  const problem = body as { code?: unknown; errors?: unknown };
  if (problem.code === 'validation_failed' && (!Array.isArray(problem.errors) || problem.errors.length === 0)) {
    return ['a validation failure names no field errors'];
  }
  return [];
}
