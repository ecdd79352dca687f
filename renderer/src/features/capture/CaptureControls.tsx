/** Toolbar: Capture… (the set-up view), Stop capture while running, Save capture as… for a live capture. */
import { useState } from 'react';
import type { TlsLensApi } from '../../../../contract/api';
import { useApi } from '../../api/api-context';
import type { AnalysisView } from '../../app/use-analysis';
import { useI18n } from '../../i18n/i18n-context';
import { captureErrorText } from './capture-text';
import './capture.css';
import { downloadUrl } from '../export/save';

interface Props {
  analysis: AnalysisView;
  onSetup(): void;
}

type Note = { kind: 'ok' | 'bad'; text: string } | null;


export async function stopCapture(api: TlsLensApi, analysis: AnalysisView): Promise<void> {
  if (analysis.analysisId && analysis.capture?.state === 'running') await api.stopCapture({ analysisId: analysis.analysisId });
}

export function CaptureControls({ analysis, onSetup }: Props) {
  const api = useApi();
  const { t, language } = useI18n();
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);
  const live = analysis.file?.source === 'live' && analysis.capture !== null && analysis.analysisId !== null;
  const running = live && analysis.capture?.state === 'running';

  const stop = async () => {
    setBusy(true);
    await stopCapture(api, analysis);
    setBusy(false);
  };

  const save = async () => {
    if (!analysis.analysisId) return;
    setNote(null);
    const r = await api.saveCaptureAs({ analysisId: analysis.analysisId });
    if (!r.ok) {
      const reason = r.error.capture ? captureErrorText(r.error.capture, language) : r.error.message;
      setNote({ kind: 'bad', text: t('live.saveFailed', { reason }) });
      return;
    }
    const v = r.value;
    // browser mode: a same-origin URL (the token is in the cookie) to download from
    if (v.kind === 'download') downloadUrl(v.url, v.fileName);
    else if (v.kind === 'saved') setNote({ kind: 'ok', text: t('live.saved', { path: v.path }) });
  };

  return (
    <div className="capture-controls">
      <button type="button" onClick={onSetup} disabled={running} data-testid="toolbar-capture" title={t('start.captureHint')}>
        {t('toolbar.capture')}
      </button>
      {running && (
        <button type="button" className="primary" onClick={() => void stop()} disabled={busy} data-testid="capture-stop">
          {t('toolbar.stopCapture')}
        </button>
      )}
      {live && (
        <button type="button" onClick={() => void save()} data-testid="capture-save">
          {t('toolbar.saveCapture')}
        </button>
      )}
      {note && (
        <span className={`capture-note ${note.kind}`} title={note.text} data-testid="capture-note">
          {note.text}
        </span>
      )}
    </div>
  );
}
