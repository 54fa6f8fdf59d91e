import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { appUrl, type Exchange } from './support.js';

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

/** Replaces named component schemas, for the documented deviations. */
export type SchemaOverrides = Record<string, Json>;

/**
 * `realtimekit_Recording` as RealtimeKit really answers, in JSON Schema. The document types
 * `recording_duration` as an integer, but the `cloudflare` SDK 7.3.0 types and the API reference
 * say number, and RealtimeKit reports fractions (12.5 s); where the two disagree the SDK is the
 * newer source, so every validator but `asPublished` accepts any non-negative number there.
 */
export function upstreamRecordingSchema(): Json {
  const schema = toJsonSchema(spec.components.schemas.realtimekit_Recording);
  schema.properties.recording_duration = {
    description: schema.properties.recording_duration.description,
    type: 'number',
    minimum: 0,
  };
  return schema;
}

/**
 * The other documented deviation: once a track recording is UPLOADED, its `download_url` is an
 * array of layer objects, not a string. Responses that carry a track recording are validated with
 * this recording schema, whose `download_url` is widened accordingly.
 */
export function trackRecordingSchema(): Json {
  const schema = upstreamRecordingSchema();
  schema.properties.download_url = {
    anyOf: [
      { type: ['string', 'null'], format: 'uri' },
      {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['layer_name', 'download_url', 'media_kind', 'file_name'],
          properties: {
            layer_name: { type: 'string' },
            download_url: { type: 'string', format: 'uri' },
            media_kind: { enum: ['audio'] },
            file_name: { type: 'string' },
          },
        },
      },
    ],
  };
  return schema;
}

/** Compiles response schemas of the document's operations, with optional schema overrides. */
export class OpenApiValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly cache = new Map<string, ValidateFunction>();

  /** `asPublished`: the document exactly as published, without the recording_duration deviation. */
  constructor(overrides: SchemaOverrides = {}, { asPublished = false } = {}) {
    addFormats(this.ajv);
    const components = toJsonSchema(spec.components);
    if (!asPublished) components.schemas.realtimekit_Recording = upstreamRecordingSchema();
    for (const [name, schema] of Object.entries(overrides)) components.schemas[name] = schema;
    this.ajv.addSchema({ $id: DOC_ID, components });
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

const strict = new OpenApiValidator();
const withTrackDeviation = new OpenApiValidator({ realtimekit_Recording: trackRecordingSchema() });

/** Validates every recorded exchange against its operation's response schema. */
export function expectConforming(sim: Simulator, log: Exchange[], trackIds: string[] = []): void {
  expect(log.length).toBeGreaterThan(0);
  const prefix = new URL(appUrl(sim)).pathname;
  for (const exchange of log) {
    const path = new URL(exchange.url).pathname.slice(prefix.length);
    const template = OpenApiValidator.template(path);
    expect(template, `${exchange.method} ${path} is an openapi operation`).toBeDefined();
    const validator = trackIds.some((id) => exchange.text.includes(id))
      ? withTrackDeviation
      : strict;
    const errors = validator.errors(
      exchange.method,
      template ?? '',
      exchange.status,
      JSON.parse(exchange.text),
    );
    expect(errors, `${exchange.method} ${path} → ${exchange.status}`).toEqual([]);
  }
}
