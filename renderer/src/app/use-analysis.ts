/**
 * The open capture as the page sees it: driven by the services' events, so
 * an analysis started elsewhere (command line, menu, another tab) shows too.
 */
import { useEffect, useReducer } from 'react';
import type { AnalysisEvent, AnalysisProgress, AnalysisState, AnalysisSummary, ApiErrorInfo, CaptureFileInfo, LiveCaptureStatus, TlsLensApi } from '../../../contract/api';

export interface AnalysisView {
  status: 'idle' | 'reading' | 'finished' | 'failed';
  analysisId: string | null;
  file: CaptureFileInfo | null;
  progress: AnalysisProgress | null;
  summary: AnalysisSummary | null;
  error: ApiErrorInfo | null;
  /** live captures: frames, bytes, rate, drops (about four times a second) */
  capture: LiveCaptureStatus | null;
}

const IDLE: AnalysisView = { status: 'idle', analysisId: null, file: null, progress: null, summary: null, error: null, capture: null };

type Action = { type: 'event'; event: AnalysisEvent } | { type: 'snapshot'; state: AnalysisState };

function reduce(view: AnalysisView, action: Action): AnalysisView {
  if (action.type === 'snapshot') {
    // events that arrived first are newer than the snapshot
    if (view.analysisId !== null) return view;
    const s = action.state;
    return s.status === 'idle' ? IDLE : { status: s.status, analysisId: s.analysisId, file: s.file, progress: s.progress, summary: s.summary, error: s.error, capture: s.capture };
  }
  const e = action.event;
  if (e.type === 'started') return { ...IDLE, status: 'reading', analysisId: e.analysisId, file: e.file };
  if (e.analysisId !== view.analysisId) return view;
  switch (e.type) {
    case 'progress':
      return { ...view, progress: e.progress };
    case 'finished':
      return { ...view, status: 'finished', progress: e.summary, summary: e.summary };
    case 'failed':
      return { ...view, status: 'failed', error: e.error };
    case 'closed':
      return IDLE;
    case 'capture':
      return { ...view, capture: e.capture, file: view.file && e.capture.state === 'stopped' ? { ...view.file, size: e.capture.fileBytes } : view.file };
  }
}

export function useAnalysis(api: TlsLensApi): AnalysisView {
  const [view, dispatch] = useReducer(reduce, IDLE);
  useEffect(() => {
    const unsubscribe = api.onAnalysisEvent((event) => dispatch({ type: 'event', event }));
    void api.getAnalysisState().then((r) => r.ok && dispatch({ type: 'snapshot', state: r.value }));
    return unsubscribe;
  }, [api]);
  return view;
}
