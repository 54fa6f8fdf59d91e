import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Validates raw response bodies against the OpenAPI 3.0 document in test/fixtures. OpenAPI 3.0 is
 * not JSON Schema: `nullable: true` becomes a type union here, and `writeOnly` properties become
 * `false` (forbidden), since a response must never carry them.
 */

// biome-ignore lint/suspicious/noExplicitAny: the document is untyped JSON.
type Json = any;

const PREFIX = '/accounts/{account_id}/realtime/kit/{app_id}';
const DOC_ID = 'openapi.json';
const spec: Json = JSON.parse(
  readFileSync(new URL('../fixtures/realtimekit-openapi-subset.json', import.meta.url), 'utf8'),
);

// ajv-formats is CommonJS: under NodeNext its default import types as the module object, whose
// `default` is the plugin (at run time the plugin function carries `.default` too).
const addFormats = addFormatsModule.default;

/** Turns an OpenAPI 3.0 schema into JSON Schema (see the module comment). */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Record<string, Json>)) {
    if (key === 'nullable' || key === 'example' || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) {
      out.$ref = `${DOC_ID}${value}`;
    } else if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Json>).map(([name, schema]) => [
          name,
          schema?.writeOnly === true ? false : toJsonSchema(schema),
        ]),
      );
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

/** Replaces named component schemas, for the one documented deviation. */
export type SchemaOverrides = Record<string, Json>;

/** Compiles response schemas of the document's operations, with optional schema overrides. */
export class OpenApiValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(overrides: SchemaOverrides = {}) {
    addFormats(this.ajv);
    const components = toJsonSchema(spec.components);
    for (const [name, schema] of Object.entries(overrides)) components.schemas[name] = schema;
    this.ajv.addSchema({ $id: DOC_ID, components });
  }

  /** A component schema exactly as the document has it (OpenAPI 3.0, unconverted). */
  static component(name: string): Json {
    return spec.components.schemas[name];
  }

  /** The path template (after the app prefix) that `path` matches, literal segments first. */
  static template(path: string): string | undefined {
    const templates = Object.keys(spec.paths)
      .map((full) => full.slice(PREFIX.length))
      .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
    return templates.find((template) =>
      new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
    );
  }

  /** Validation errors of `body` as the `status` answer of `method template`; [] when valid. */
  errors(method: string, template: string, status: number, body: unknown): string[] {
    const validate = this.compile(method, template, status);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
  }

  private compile(method: string, template: string, status: number): ValidateFunction {
    const key = `${method} ${template} ${status}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const operation = spec.paths[`${PREFIX}${template}`]?.[method.toLowerCase()];
    if (!operation) throw new Error(`no operation ${key} in the openapi document`);
    let response = operation.responses[String(status)];
    // Errors the document does not list for an operation still use the RealtimeKit envelope.
    if (!response && status >= 400)
      response = { $ref: '#/components/responses/realtimekit_GenericError' };
    if (!response) throw new Error(`no ${status} response for ${key} in the openapi document`);
    if (response.$ref) response = spec.components.responses[response.$ref.split('/').pop()];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) throw new Error(`no JSON schema for ${key}`);
    const validate = this.ajv.compile(toJsonSchema(schema));
    this.cache.set(key, validate);
    return validate;
  }
}
