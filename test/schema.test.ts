import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GraphQLEnumType,
  type GraphQLField,
  type GraphQLInputField,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLObjectType,
  printSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import {
  OPENAPI_FIELD_COORDINATES,
  SEED_FIELD_COORDINATES,
  WEBHOOK_FIELD_COORDINATES,
} from './seed-fields.js';

const SEEDS = join(import.meta.dirname, 'fixtures', 'seeds');
const OPENAPI = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'realtimekit-openapi-subset.json'), 'utf8'),
) as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
/** The fields of a `recording.statusUpdate` body, as RealtimeKit documents them. */
const WEBHOOK_FIELDS = {
  recording: [
    'id',
    'recordingId',
    'status',
    'downloadUrl',
    'audioDownloadUrl',
    'downloadUrlExpiry',
    'startedTime',
    'stoppedTime',
    'fileSize',
    'outputFileName',
    'meetingId',
    'recordingDuration',
    'organizationId',
    'roomUUID',
  ],
  meeting: [
    'id',
    'sessionId',
    'title',
    'roomName',
    'status',
    'createdAt',
    'startedAt',
    'endedAt',
    'organizedBy',
    'organizedBy.id',
    'organizedBy.name',
  ],
};
const seedTexts = readdirSync(SEEDS)
  .filter((name) => name.endsWith('.txt'))
  // Front matter (title, description, image) is page metadata, not API fields.
  .map((name) => readFileSync(join(SEEDS, name), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''));

/** Field names as the seed documents spell them: `- \`name?: type\`` and `name: type` lines. */
function seedFieldNames(): Set<string> {
  const names = new Set<string>();
  for (const text of seedTexts) {
    for (const match of text.matchAll(/`([A-Za-z_]+)\??: [^`]*`/g)) names.add(match[1] as string);
    for (const match of text.matchAll(/^([a-z_]+): /gm)) names.add(match[1] as string);
  }
  return names;
}

/** Enum literals as the seed documents spell them: `"mono"`, `"left top"`, `"API_CALL"`. */
function seedEnumLiterals(): Set<string> {
  const literals = new Set<string>();
  for (const text of seedTexts) {
    for (const match of text.matchAll(/`"([^"`]+)"`/g)) literals.add(match[1] as string);
  }
  return literals;
}

/** Resolves `Type.field` or `Type.field(arg)` in the schema. */
function coordinateExists(coordinate: string): boolean {
  const match = /^(\w+)\.(\w+)(?:\((\w+)\))?$/.exec(coordinate);
  if (!match) return false;
  const [, typeName, fieldName, argName] = match;
  const type = schema.getType(typeName as string);
  if (
    !(type instanceof GraphQLObjectType) &&
    !(type instanceof GraphQLInterfaceType) &&
    !(type instanceof GraphQLInputObjectType)
  ) {
    return false;
  }
  const field = type.getFields()[fieldName as string] as
    | GraphQLField<unknown, unknown>
    | GraphQLInputField
    | undefined;
  if (!field) return false;
  if (!argName) return true;
  return 'args' in field && field.args.some((arg) => arg.name === argName);
}

describe('schema', () => {
  it('matches the committed schema.graphql', async () => {
    await expect(printSchema(schema)).toMatchFileSnapshot('../schema.graphql');
  });

  it('describes every type and field', () => {
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (
        type.name.startsWith('__') ||
        ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)
      )
        continue;
      if (!type.description) undocumented.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undocumented.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('maps every field of the seed documents to the schema', () => {
    const seedNames = [...seedFieldNames()].sort();
    expect(seedNames.length).toBeGreaterThan(60);
    const unmapped = seedNames.filter((name) => !(name in SEED_FIELD_COORDINATES));
    expect(unmapped).toEqual([]);
    const missing = Object.entries(SEED_FIELD_COORDINATES).flatMap(([name, coordinates]) =>
      coordinates.filter((c) => !coordinateExists(c)).map((c) => `${name} → ${c}`),
    );
    expect(missing).toEqual([]);
  });

  it('maps every property of the upstream schemas the gateway reads and writes', () => {
    const unmapped: string[] = [];
    const missing: string[] = [];
    for (const [name, coordinates] of Object.entries(OPENAPI_FIELD_COORDINATES)) {
      const properties = Object.keys(OPENAPI.components.schemas[name]?.properties ?? {});
      expect(properties.length, name).toBeGreaterThan(0);
      unmapped.push(...properties.filter((p) => !(p in coordinates)).map((p) => `${name}.${p}`));
      for (const [property, list] of Object.entries(coordinates)) {
        if (!properties.includes(property)) missing.push(`${name}.${property} (not upstream)`);
        missing.push(...list.filter((c) => !coordinateExists(c)).map((c) => `${property} → ${c}`));
      }
    }
    expect(unmapped).toEqual([]);
    expect(missing).toEqual([]);
  });

  it('maps every field of a recording.statusUpdate webhook', () => {
    const fields = Object.entries(WEBHOOK_FIELDS).flatMap(([part, names]) =>
      names.map((name) => `${part}.${name}`),
    );
    expect(Object.keys(WEBHOOK_FIELD_COORDINATES).sort()).toEqual([...fields].sort());
    const missing = Object.entries(WEBHOOK_FIELD_COORDINATES).flatMap(([name, coordinates]) =>
      coordinates.filter((c) => !coordinateExists(c)).map((c) => `${name} → ${c}`),
    );
    expect(missing).toEqual([]);
  });

  it('has an enum value for every enum literal of the seed documents', () => {
    const values = new Set(
      Object.values(schema.getTypeMap())
        .filter((type): type is GraphQLEnumType => type instanceof GraphQLEnumType)
        .flatMap((type) => type.getValues().map((value) => value.name)),
    );
    const literals = [...seedEnumLiterals()];
    expect(literals.length).toBeGreaterThan(30);
    const missing = literals
      .map((literal) =>
        literal
          .replace(/([a-z])([A-Z])/g, '$1_$2')
          .replace(/ /g, '_')
          .toUpperCase(),
      )
      // Actions are mutations, not an enum: pause/resume/stop map to Mutation fields.
      .filter((value) => !['PAUSE', 'RESUME', 'STOP'].includes(value))
      .filter((value) => !values.has(value));
    expect(missing).toEqual([]);
  });

  it('never exposes storage secrets on an output type', () => {
    const storage = schema.getType('StorageConfig') as GraphQLObjectType;
    const outputFields = Object.keys(storage.getFields());
    for (const secret of ['accessKey', 'secret', 'password', 'privateKey']) {
      expect(outputFields).not.toContain(secret);
    }
    const input = schema.getType('StorageConfigInput') as GraphQLInputObjectType;
    expect(Object.keys(input.getFields())).toEqual(
      expect.arrayContaining(['accessKey', 'secret', 'password', 'privateKey']),
    );
  });
});
