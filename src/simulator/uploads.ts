import type { LayerDownload, RecordingState } from './state.js';

/** Simulated bytes per recorded second and file, so file sizes grow with duration. */
const BYTES_PER_SECOND = 250_000;
const CONTAINER_BYTES = 4096;

/** What an upload leaves behind: the links RealtimeKit's bucket hands out, and the total size. */
export interface UploadedFiles {
  downloadUrl: string | LayerDownload[] | null;
  audioDownloadUrl: string | null;
  fileSize: number;
}

/**
 * The files of a stopped recording. A track recording has one file per layer and participant
 * (`user_ids`, or the meeting's audio as a whole when none were named); only layers with a
 * RealtimeKit-bucket output get a link, and with none at all `download_url` stays null, as it
 * does for a composite recording with the bucket disabled.
 */
export function uploadedFiles(recording: RecordingState, base: string): UploadedFiles {
  const seconds = Math.max(1, recording.recordingDuration ?? 0);
  const link = (fileName: string) => `${base}/${encodeURIComponent(fileName)}`;
  if (recording.kind === 'track') {
    const people = recording.userIds ?? [null];
    const files = recording.layers.flatMap((layer) =>
      people.map((userId) => ({
        layer,
        fileName: `${layer.fileNamePrefix}_${userId === null ? '' : `${userId}_`}${recording.id}.webm`,
      })),
    );
    const links = files
      .filter((file) => file.layer.toBucket)
      .map(
        ({ layer, fileName }): LayerDownload => ({
          layer_name: layer.name,
          download_url: link(fileName),
          media_kind: 'audio',
          file_name: fileName,
        }),
      );
    return {
      downloadUrl: links.length > 0 ? links : null,
      audioDownloadUrl: null,
      fileSize: size(seconds, files.length),
    };
  }
  if (!recording.bucketEnabled) {
    return { downloadUrl: null, audioDownloadUrl: null, fileSize: size(seconds, 1) };
  }
  const stem = recording.outputFileName.replace(/\.mp4$/, '');
  return {
    downloadUrl: link(recording.outputFileName),
    audioDownloadUrl: recording.audioExtension
      ? link(`${stem}_audio.${recording.audioExtension}`)
      : null,
    fileSize: size(seconds, 1),
  };
}

function size(seconds: number, files: number): number {
  return Math.round(seconds * BYTES_PER_SECOND) * files + CONTAINER_BYTES;
}
