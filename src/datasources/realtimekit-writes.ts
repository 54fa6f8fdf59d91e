import type { StorageConfigInput } from '../domain/inputs.js';
import { RECORDING_ACTIONS } from '../domain/model.js';
import { ValidationError } from '../errors.js';
import { toStartRecordingBody, toStartTrackRecordingBody } from './mapping-request.js';
import { readRecording, readTrackRecording } from './responses.js';
import type { DataSourceScope, RealtimeKitDataSource } from './source.js';
import {
  validateRecordingId,
  validateStartRecording,
  validateStartTrackRecording,
} from './validation.js';

type Writes = Pick<
  RealtimeKitDataSource,
  'startRecording' | 'startTrackRecording' | 'actOnRecording'
>;

const OPS = {
  start: { name: 'startRecording', route: 'POST /recordings' },
  track: { name: 'startTrackRecording', route: 'POST /recordings/track' },
  act: { name: 'actOnRecording', route: 'PUT /recordings/{id}' },
};

// Upstream does not deduplicate starts, so the SDK must never resend one.
const ONCE = { maxRetries: 0 };

/** The write-only storage credentials in a start request. */
function credentialsOf(configs: Array<StorageConfigInput | null | undefined>): string[] {
  return configs.flatMap((config) =>
    [config?.accessKey, config?.secret, config?.password, config?.privateKey].filter(
      (value): value is string => typeof value === 'string' && value.length > 0,
    ),
  );
}

/** The write half of the datasource: each call is validated, then sent exactly once. */
export function createWrites({ client, accountId, appId, caller }: DataSourceScope): Writes {
  const recordings = client.realtimeKit.recordings;
  return {
    async startRecording(input) {
      validateStartRecording(input);
      const body = { account_id: accountId, ...toStartRecordingBody(input) };
      // Upstream errors may quote the request back, credentials included.
      return caller.write(
        OPS.start,
        () => recordings.startRecordings(appId, body, ONCE),
        (response) => readRecording(response, input.meetingId),
        credentialsOf([input.storageConfig]),
      );
    },
    async startTrackRecording(input) {
      validateStartTrackRecording(input);
      const body = { account_id: accountId, ...toStartTrackRecordingBody(input) };
      const storage = (input.layers ?? []).flatMap((layer) =>
        (layer.outputs ?? []).map((output) => output.storageConfig),
      );
      return caller.write(
        OPS.track,
        () => recordings.startTrackRecording(appId, body, ONCE),
        (response) => readTrackRecording(response, input.meetingId),
        credentialsOf(storage),
      );
    },
    async actOnRecording(id, action) {
      validateRecordingId(id);
      if (!RECORDING_ACTIONS.includes(action)) {
        throw new ValidationError('action', `must be one of ${RECORDING_ACTIONS.join(', ')}`);
      }
      const params = { account_id: accountId, app_id: appId, action };
      return caller.write(
        OPS.act,
        () => recordings.pauseResumeStopRecording(id, params, ONCE),
        (response) => readRecording(response),
      );
    },
  };
}
