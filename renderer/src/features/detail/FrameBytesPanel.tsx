/** A frame's bytes, re-read from the capture file on demand, as a hex dump (text only). */
import { useEffect, useState } from 'react';
import type { FrameBytes } from '../../../../contract/api';
import { useApi } from '../../api/api-context';
import { formatInteger } from '../../format';
import { useI18n } from '../../i18n/i18n-context';
import { base64ToBytes, hexDump } from './hex-dump';

export function FrameBytesPanel({ analysisId, frame }: { analysisId: string; frame: number | null }) {
  const api = useApi();
  const { t, language } = useI18n();
  const [bytes, setBytes] = useState<FrameBytes | null>(null);

  useEffect(() => {
    if (frame === null) return;
    let stale = false;
    void api.readFrameBytes({ analysisId, frame }).then((r) => {
      if (!stale && r.ok) setBytes(r.value);
    });
    return () => {
      stale = true;
    };
  }, [api, analysisId, frame]);

  const shown = bytes && bytes.frame === frame && bytes.analysisId === analysisId ? bytes : null;
  return (
    <aside className="frame-bytes" data-testid="frame-bytes">
      {shown ? (
        <>
          <h3>{t('bytes.title', { frame: shown.frame, length: formatInteger(language, shown.length), offset: formatInteger(language, shown.fileOffset) })}</h3>
          <pre data-testid="hex-dump" data-file-offset={shown.fileOffset} data-length={shown.length}>
            {hexDump(base64ToBytes(shown.base64))}
          </pre>
        </>
      ) : (
        <p className="empty-note">{t('bytes.choose')}</p>
      )}
    </aside>
  );
}
