import { randomBytes, randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GatewayServer } from '../../src/transport/server.js';
import {
  RecordingStatusChangedDocument,
  StartRecordingDocument,
} from '../__generated__/graphql.js';
import { gatewayPool, noteSecret } from '../support/gateway.js';
import { post as postTo } from '../support/http.js';
import { captureLogs } from '../support/logs.js';
import { JWT_SECRET, signToken } from './support.js';

/**
 * What a failed operation leaves in the log: never its document or variables (inline storage
 * credentials), and never an error-level line for what any client can cause at will.
 */

const gateway = gatewayPool();
const capture = captureLogs('debug');
let server: GatewayServer;
let reader: string;
let writer: string;
const ACCESS_KEY = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
const SECRET = `storage-secret-${randomBytes(16).toString('hex')}`;

beforeAll(async () => {
  noteSecret(ACCESS_KEY, SECRET);
  server = await gateway(
    { AUTH_MODE: 'jwt', AUTH_JWT_SECRET: JWT_SECRET, LOG_LEVEL: 'debug' },
    capture.logger,
  );
  const exp = Math.floor(Date.now() / 1000) + 600;
  reader = `Bearer ${await signToken({ sub: 'reader', scope: 'recordings:read' }, exp)}`;
  writer = `Bearer ${await signToken({ sub: 'writer' }, exp)}`;
});

const post = (body: unknown, authorization?: string) => postTo(server, body, { authorization });

const inlineStart = `mutation {
  startRecording(input: {
    meetingId: "${randomUUID()}"
    storageConfig: { type: AWS, bucket: "b", region: "us-east-1", accessKey: "${ACCESS_KEY}", secret: "${SECRET}" }
  }) { __typename }
}`;

describe('failed operations in the log', () => {
  it('logs a FORBIDDEN start with inline credentials below error level, without the document', async () => {
    const from = capture.lines.length;
    const answer = await post({ query: inlineStart }, reader);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('FORBIDDEN');
    const written = capture.lines.slice(from).join('');
    expect(written).not.toContain(ACCESS_KEY);
    expect(written).not.toContain(SECRET);
    expect(written).not.toContain('startRecording(input');
    const entries = capture.entries().slice(from);
    expect(entries.filter((entry) => Number(entry.level) >= 50)).toEqual([]);
    expect(entries).toContainEqual(expect.objectContaining({ level: 20, code: 'FORBIDDEN' }));
  });

  it('never echoes or logs credentials of variables that fail coercion', async () => {
    const from = capture.lines.length;
    const storageConfig = {
      type: 'AWS',
      accessKey: ACCESS_KEY,
      secret: SECRET,
      bucket: 7,
      extra: 1,
    };
    const answer = await post(
      {
        query: print(StartRecordingDocument),
        variables: { input: { meetingId: randomUUID(), storageConfig } },
      },
      writer,
    );
    const errors = JSON.parse(answer.text).errors as { message: string }[];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((error) => error.message).join('\n')).toMatch(/input\.storageConfig/);
    expect(answer.text).not.toContain(ACCESS_KEY);
    expect(answer.text).not.toContain(SECRET);
    const written = capture.lines.slice(from).join('');
    expect(written).not.toContain(ACCESS_KEY);
    expect(written).not.toContain(SECRET);
  });

  it('keeps every expected client error out of the warn and error levels', async () => {
    const from = capture.lines.length;
    const outcomes = await Promise.all([
      post({ query: inlineStart }, reader),
      post({ query: `{ recording(id: "not-a-uuid") { id } }` }, reader),
      post({ query: '{ recordings(after: "not-a-cursor") { totalCount } }' }, reader),
      post({ query: '{ recordings { totalCount } }' }),
      post({ query: '{ recordings { nope } }' }, reader),
      post({ query: 'query { recordings(' }, reader),
      post(
        { query: print(RecordingStatusChangedDocument), variables: { after: 'garbage' } },
        reader,
      ),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([200, 200, 200, 401, 200, 200, 200]);
    const loud = capture
      .entries()
      .slice(from)
      .filter((entry) => Number(entry.level) >= 40);
    expect(loud).toEqual([]);
  });
});
