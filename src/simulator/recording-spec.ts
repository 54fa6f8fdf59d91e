import { randomUUID } from 'node:crypto';
import { STORAGE_SECRETS } from './contract.js';
import type { RecordingState, TrackLayer } from './state.js';
import type { StartRecordingBody } from './validation.js';
import type { StartTrackBody } from './validation-track.js';

/** What a start request decides about a recording; the store adds the bookkeeping. */
export type RecordingSpec = Pick<
  RecordingState,
  | 'id'
  | 'kind'
  | 'outputFileName'
  | 'maxSeconds'
  | 'bucketEnabled'
  | 'audioExtension'
  | 'storageConfig'
  | 'layers'
  | 'userIds'
>;

/** The recording a `POST /recordings` body asks for. */
export function compositeSpec(body: StartRecordingBody): RecordingSpec {
  const id = randomUUID();
  const prefix = body.file_name_prefix ? `${body.file_name_prefix}_` : '';
  const audio = body.audio_config;
  return {
    id,
    kind: 'composite',
    outputFileName: `${prefix}${id}.mp4`,
    maxSeconds: body.max_seconds ?? 86400,
    bucketEnabled: body.realtimekit_bucket_config?.enabled !== false,
    // The openapi default of export_file is true, so an audio_config alone exports audio.
    audioExtension:
      audio && audio.export_file !== false ? (audio.codec === 'MP3' ? 'mp3' : 'aac') : null,
    storageConfig: readableStorage(body.storage_config),
    layers: [],
    userIds: null,
  };
}

/** The recording a `POST /recordings/track` body asks for. */
export function trackSpec(body: StartTrackBody): RecordingSpec {
  const id = randomUUID();
  return {
    id,
    kind: 'track',
    outputFileName: `${id}.webm`,
    maxSeconds: body.max_seconds ?? 86400,
    bucketEnabled: true,
    audioExtension: null,
    storageConfig: null,
    layers: trackLayers(body.layers),
    userIds: body.user_ids ? [...new Set(body.user_ids)] : null,
  };
}

/** No layers (or an empty map) means RealtimeKit's default: one layer of all participant audio. */
function trackLayers(layers: StartTrackBody['layers']): TrackLayer[] {
  const entries = Object.entries(layers ?? {});
  if (entries.length === 0) return [{ name: 'default', fileNamePrefix: 'default', toBucket: true }];
  return entries.map(([name, layer]) => ({
    name,
    fileNamePrefix: layer.file_name_prefix ?? name,
    // Storage configs are checked on the way in but not kept: the simulator uploads nowhere.
    toBucket: (layer.outputs ?? [{}]).some((output) => output.type !== 'STORAGE_CONFIG'),
  }));
}

function readableStorage(
  config: StartRecordingBody['storage_config'],
): Record<string, unknown> | null {
  if (!config) return null;
  const readable: Record<string, unknown> = { ...config };
  for (const secret of STORAGE_SECRETS) delete readable[secret];
  return readable;
}
