import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PauseRecordingDocument,
  RecordingByIdDocument,
  RecordingsPageDocument,
  StartRecordingDocument,
  StartTrackRecordingDocument,
} from './__generated__/graphql.js';
import { noteSecret } from './support/gateway.js';
import { type StandInGateway, startStandInGateway } from './support/stand-in-gateway.js';
import type { StandInCall } from './support/stand-in-upstream.js';

/**
 * An upstream that quotes the request back in its errors: the Authorization header, the body as
 * JSON text, and the storage credentials as they were sent (newlines, tabs and all). Whatever the
 * status, neither the answer nor any log line may carry a secret, or any 16-character piece of one.
 */

const privateKey = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  ...Array.from({ length: 20 }, () => randomBytes(48).toString('base64')),
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');
const password = `pass\tword\t${randomUUID()}`;
const longSecret = randomBytes(900).toString('base64'); // 1,200 characters
const accessKey = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;

const SFTP = {
  type: 'SFTP',
  host: 'files.example',
  username: 'rtk',
  authMethod: 'KEY',
  privateKey,
  password,
} as const;
const AWS = { type: 'AWS', bucket: 'b', region: 'eu', accessKey, secret: longSecret } as const;

let gateway: StandInGateway;
let secrets: string[];

/** Whether any 16-character piece of any secret appears in `text`. */
function leaked(text: string): string[] {
  return secrets.filter((secret) => {
    for (let i = 0; i + 16 <= secret.length; i += 1) {
      if (text.includes(secret.slice(i, i + 16))) return true;
    }
    return false;
  });
}

/** An error body that quotes everything the request carried, in three spellings. */
function echo(status: number, call: StandInCall) {
  const token = (call.headers.authorization ?? '').replace(/^Bearer /, '');
  const body = call.body as { storage_config?: Record<string, string> } | undefined;
  const sent = Object.values(body?.storage_config ?? {}).join(' | ');
  const message = `refused ${token} for ${call.raw} with ${sent} (${gateway.jwtSecret})`;
  return { status, body: { success: false, error: { code: status, message } } };
}

beforeAll(async () => {
  gateway = await startStandInGateway();
  secrets = [gateway.apiToken, gateway.jwtSecret, privateKey, password, longSecret, accessKey];
  noteSecret(...secrets);
});
afterEach(() => gateway.standIn.reset());
afterAll(() => gateway?.close());

describe('secrets an upstream error echoes', () => {
  it.each([400, 404, 409, 422, 500])(
    'never reach a start’s answer or a log (HTTP %i)',
    async (status) => {
      gateway.standIn.handle(async (call) => echo(status, call));
      const token = await gateway.token();
      const answers = [
        await gateway.run(token, StartRecordingDocument, {
          input: { meetingId: randomUUID(), storageConfig: AWS },
        }),
        await gateway.run(token, StartRecordingDocument, {
          input: { meetingId: randomUUID(), storageConfig: SFTP },
        }),
        await gateway.run(token, StartTrackRecordingDocument, {
          input: {
            meetingId: randomUUID(),
            layers: [
              { name: 'a', outputs: [{ type: 'STORAGE_CONFIG', storageConfig: SFTP }] },
              { name: 'b', outputs: [{ type: 'STORAGE_CONFIG', storageConfig: AWS }] },
            ],
          },
        }),
      ];
      expect(gateway.standIn.calls.filter((call) => call.method === 'POST').length).toBeGreaterThan(
        0,
      );
      for (const answer of answers) {
        const payload = Object.values(answer.data ?? {})[0] as { __typename: string };
        expect(payload.__typename).toMatch(/Error$/);
        expect(payload.__typename).not.toBe('ValidationError');
      }
      expect(leaked(JSON.stringify(answers))).toEqual([]);
      expect(leaked(gateway.logs.join(''))).toEqual([]);
    },
  );

  it('never reach a 200 with success:false', async () => {
    gateway.standIn.handle(async (call) => ({ ...echo(400, call), status: 200 }));
    const token = await gateway.token();
    const answer = await gateway.run(token, StartRecordingDocument, {
      input: { meetingId: randomUUID(), storageConfig: SFTP },
    });
    expect(answer.data?.startRecording.__typename).toBe('UpstreamError');
    expect(leaked(JSON.stringify(answer))).toEqual([]);
  });

  it.each([400, 404, 409, 422])(
    'never reach a query’s answer or a log (HTTP %i)',
    async (status) => {
      gateway.standIn.handle(async (call) => echo(status, call));
      const token = await gateway.token();
      const answers = [
        await gateway.run(token, RecordingByIdDocument, { id: randomUUID() }),
        await gateway.run(token, RecordingsPageDocument, { first: 1 }),
        await gateway.run(token, PauseRecordingDocument, { id: randomUUID() }),
      ];
      const text = JSON.stringify(answers);
      expect(text).toContain('[redacted]');
      expect(leaked(text)).toEqual([]);
      expect(leaked(gateway.logs.join(''))).toEqual([]);
    },
  );
});
