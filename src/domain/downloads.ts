import { isRecord, toText } from '../util/normalise.js';
import type { RecordingLayerDownload } from './model.js';

/**
 * RealtimeKit's `download_url` (REST) and `downloadUrl` (webhooks): a string for composite
 * recordings, a list (or a map) of per-layer files for track recordings, whose keys upstream spells
 * several ways. Both edges read it here, so they agree on layers.
 */

type Json = Record<string, unknown>;

function pick(value: Json, keys: string[]): string | null {
  for (const key of keys) {
    const text = toText(value[key]);
    if (text !== null) return text;
  }
  return null;
}

function toLayerDownload(
  value: unknown,
  fallbackName: string | null,
): RecordingLayerDownload | null {
  if (!isRecord(value)) return null;
  const mediaKind = pick(value, ['media_kind', 'mediaKind']);
  return {
    layer: pick(value, ['layer_name', 'layerName', 'layer', 'name']) ?? fallbackName,
    url: pick(value, ['download_url', 'downloadUrl', 'url']),
    mediaKind: mediaKind === null ? null : mediaKind.toUpperCase(),
    fileName: pick(value, ['file_name', 'fileName']),
  };
}

/** The single URL, or the layers, of a recording's download value. */
export function toDownloads(value: unknown): {
  url: string | null;
  layers: RecordingLayerDownload[];
} {
  if (typeof value === 'string') return { url: toText(value), layers: [] };
  const entries: Array<[string | null, unknown]> = Array.isArray(value)
    ? value.map((item) => [null, item])
    : isRecord(value)
      ? Object.entries(value)
      : [];
  const layers = entries
    .map(([name, item]) => toLayerDownload(item, toText(name)))
    .filter((layer): layer is RecordingLayerDownload => layer !== null);
  return { url: null, layers };
}
