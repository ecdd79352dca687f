/** Frames' bytes, re-read from the capture file on demand (readFrameBytes), for the inspector's hex view. */
import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context';
import { base64ToBytes } from '../detail/hex-dump';

/** a message spread over more frames than this shows its first ones */
export const MAX_FRAMES = 8;

export function useFrameBytes(analysisId: string, frames: readonly number[]): ReadonlyMap<number, Uint8Array> {
  const api = useApi();
  const [bytes, setBytes] = useState<ReadonlyMap<number, Uint8Array>>(new Map());
  const key = frames.slice(0, MAX_FRAMES).join(',');
  useEffect(() => {
    let stale = false;
    const wanted = key ? key.split(',').map(Number) : [];
    void Promise.all(wanted.map((frame) => api.readFrameBytes({ analysisId, frame }))).then((results) => {
      if (stale) return;
      const map = new Map<number, Uint8Array>();
      results.forEach((r, i) => r.ok && map.set(wanted[i], base64ToBytes(r.value.base64)));
      setBytes(map);
    });
    return () => {
      stale = true;
    };
  }, [api, analysisId, key]);
  return bytes;
}
