import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';

/**
 * Signed `recording.statusUpdate` deliveries as RealtimeKit sends them: camelCase, the file size as
 * a string, timestamps with a space and microseconds, RSA-SHA256 over the raw body in
 * `rtk-signature`, a fresh `rtk-uuid` per delivery.
 */

export const WEBHOOK_PATH = '/webhooks/realtimekit';

/** The bench's own webhook key pair; servers are started with its public half pinned. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
}

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** One delivery: the exact bytes and the headers that go with them. */
export interface Delivery {
  recordingId: string;
  body: string;
  headers: Record<string, string>;
}

export type Status = 'INVOKED' | 'RECORDING' | 'UPLOADING' | 'UPLOADED';
const LIFECYCLE: readonly Status[] = ['INVOKED', 'RECORDING', 'UPLOADING', 'UPLOADED'];

const loose = (date: Date) => `${date.toISOString().replace('T', ' ').replace(/Z$/, '')}000`;

export interface Recording {
  id: string;
  meetingId: string;
  sessionId: string;
  /** The app the deliveries belong to (RealtimeKit's `organizationId`). */
  appId: string;
  invokedAt: Date;
}

export function newRecording(appId: string, meetingId: string = randomUUID()): Recording {
  return { id: randomUUID(), meetingId, sessionId: randomUUID(), appId, invokedAt: new Date() };
}

/** The body RealtimeKit sends when `recording` reaches `status`. */
export function statusUpdateBody(recording: Recording, status: Status): string {
  const rank = LIFECYCLE.indexOf(status);
  const started = new Date(recording.invokedAt.getTime() + 4_000);
  const stopped = new Date(started.getTime() + 600_000);
  const uploaded = status === 'UPLOADED';
  return JSON.stringify({
    event: 'recording.statusUpdate',
    recording: {
      id: recording.id,
      recordingId: recording.id,
      status,
      downloadUrl: uploaded ? `https://recordings.example.com/${recording.id}.mp4?sig=abc` : null,
      audioDownloadUrl: null,
      downloadUrlExpiry: uploaded ? loose(new Date(stopped.getTime() + 7 * 86_400_000)) : null,
      startedTime: rank >= 1 ? loose(started) : null,
      stoppedTime: rank >= 2 ? loose(stopped) : null,
      fileSize: uploaded ? '48213907' : null,
      outputFileName: `${recording.id}.mp4`,
      meetingId: recording.meetingId,
      recordingDuration: rank >= 2 ? 600 : null,
      organizationId: recording.appId,
      roomUUID: recording.meetingId,
    },
    meeting: {
      id: recording.meetingId,
      sessionId: recording.sessionId,
      title: 'Weekly sync',
      roomName: 'bcdefg-hijklm',
      status: 'LIVE',
      createdAt: loose(recording.invokedAt),
      startedAt: loose(recording.invokedAt),
      endedAt: null,
      organizedBy: { id: recording.appId, name: 'Bench organization' },
    },
  });
}

const WEBHOOK_ID = randomUUID();

/** Signs `body` as RealtimeKit would, under a fresh `rtk-uuid`. */
export function signDelivery(key: SigningKey, recordingId: string, body: string): Delivery {
  return {
    recordingId,
    body,
    headers: {
      'content-type': 'application/json',
      'rtk-signature': sign('sha256', Buffer.from(body), key.privateKey).toString('base64'),
      'rtk-uuid': randomUUID(),
      'rtk-webhook-id': WEBHOOK_ID,
    },
  };
}

/**
 * Deliveries for `count` recordings through INVOKED → RECORDING → UPLOADING → UPLOADED, sent
 * status by status across all recordings, so one recording's deliveries are far apart and arrive
 * in order under concurrency. No RECORDING ⇄ PAUSED moves: those would ask upstream.
 */
export function lifecycleDeliveries(key: SigningKey, appId: string, count: number): Delivery[] {
  const recordings = Array.from({ length: count }, () => newRecording(appId));
  return LIFECYCLE.flatMap((status) =>
    recordings.map((recording) =>
      signDelivery(key, recording.id, statusUpdateBody(recording, status)),
    ),
  );
}
