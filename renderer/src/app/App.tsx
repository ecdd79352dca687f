/** The shell: toolbar, start screen / analysis / error view, status bar, drag and drop, shortcuts. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiErrorInfo, ApiResult, MenuCommand, OpenedCapture } from '../../../contract/api';
import { useApi } from '../api/api-context';
import { ErrorView } from '../features/errors/ErrorView';
import { errorTitle } from '../features/errors/error-text';
import { StartScreen } from '../features/start/StartScreen';
import { CaptureControls, stopCapture } from '../features/capture/CaptureControls';
import { CaptureSetup } from '../features/capture/CaptureSetup';
import { LadderFocusContext, type LadderFocus } from '../features/ladder/ladder-focus';
import { LessonPanel, type LessonProgress } from '../features/lessons/LessonPanel';
import type { Lesson } from '../features/lessons/model';
import { GalleryPage } from '../features/lessons/SampleGallery';
import { I18nProvider, useI18n } from '../i18n/i18n-context';
import { AnalysisScreen, type AnalysisScreenHandle } from './AnalysisScreen';
import { StatusBar } from './StatusBar';
import { Toolbar, type UploadProgress } from './Toolbar';
import { useAnalysis } from './use-analysis';
import { useSettings } from './use-settings';
import { useShortcuts } from './use-shortcuts';

export function App() {
  const api = useApi();
  const [settings, updateSettings] = useSettings(api);
  return (
    <I18nProvider language={settings.language}>
      <Shell settings={settings} updateSettings={updateSettings} />
    </I18nProvider>
  );
}

function Shell({ settings, updateSettings }: { settings: ReturnType<typeof useSettings>[0]; updateSettings: ReturnType<typeof useSettings>[1] }) {
  const api = useApi();
  const { t } = useI18n();
  const analysis = useAnalysis(api);
  const [upload, setUpload] = useState<UploadProgress | null>(null);
  const [notice, setNotice] = useState<ApiErrorInfo | null>(null);
  const [disconnected, setDisconnected] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [captureSetup, setCaptureSetup] = useState(false);
  // the gallery of samples and lessons as a page (toolbar, Help menu); the lesson in progress and the arrow it shows
  const [gallery, setGallery] = useState(false);
  const [lesson, setLesson] = useState<LessonProgress | null>(null);
  const [focus, setFocus] = useState<LadderFocus | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const screen = useRef<AnalysisScreenHandle>(null);

  useEffect(() => api.onDisconnected(() => setDisconnected(true)), [api]);
  // whatever opens next (a file, a sample, the capture just started) replaces the capture set-up
  useEffect(() => {
    setCaptureSetup(false);
    setGallery(false);
  }, [analysis.analysisId]);
  useEffect(() => {
    document.title = analysis.file ? `${analysis.file.name} · ${t('app.name')}` : t('app.name');
  }, [analysis.file, t]);

  /** Failures that start an analysis show in the error view (via events); the rest as a notice. */
  const report = useCallback((r: ApiResult<OpenedCapture | null>) => {
    if (!r.ok && !['not-found', 'not-a-file', 'not-a-capture', 'unreadable'].includes(r.error.code)) setNotice(r.error);
  }, []);

  const openLocalFile = useCallback(
    async (file: File) => {
      setNotice(null);
      if (api.mode === 'browser') setUpload({ name: file.name, sent: 0, total: file.size });
      const r = await api.openLocalFile(file, (sent, total) => setUpload({ name: file.name, sent, total }));
      setUpload(null);
      report(r);
    },
    [api, report],
  );

  const open = useCallback(() => {
    setNotice(null);
    if (api.mode === 'electron') void api.showOpenDialog().then(report);
    else fileInput.current?.click();
  }, [api, report]);

  const close = useCallback(() => {
    setLesson(null);
    setFocus(null);
    void api.closeCapture();
  }, [api]);
  const openSample = useCallback((name: string) => void api.openSample({ name }).then(report), [api, report]);
  const startLesson = useCallback((l: Lesson) => {
    setGallery(false);
    setFocus(null);
    setLesson({ lesson: l, step: 0, results: {}, done: false });
  }, []);

  useShortcuts(api, (command: MenuCommand) => {
    if (command === 'open') open();
    else if (command === 'close') close();
    else if (command === 'find') screen.current?.focusFilter();
    else if (command === 'next-connection') screen.current?.move(1);
    else if (command === 'previous-connection') screen.current?.move(-1);
    else if (command === 'capture-start' && analysis.capture?.state !== 'running') setCaptureSetup(true);
    else if (command === 'capture-stop') void stopCapture(api, analysis);
    else if (command === 'gallery') setGallery(true);
  });

  // anywhere in the window: a dropped capture opens (the page never navigates to it)
  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) void openLocalFile(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [openLocalFile]);

  let body;
  if (gallery) {
    body = <GalleryPage onBack={() => setGallery(false)} onOpenSample={openSample} onStartLesson={startLesson} />;
  } else if (captureSetup) {
    body = <CaptureSetup onBack={() => setCaptureSetup(false)} onStarted={() => setCaptureSetup(false)} />;
  } else if (analysis.status === 'idle' || !analysis.analysisId) {
    body = (
      <StartScreen
        onOpen={open}
        onOpenPath={(path) => void api.openCapture({ path }).then(report)}
        onOpenSample={openSample}
        onStartLesson={startLesson}
        onCapture={() => setCaptureSetup(true)}
      />
    );
  } else if (analysis.status === 'failed' && analysis.error) {
    body = <ErrorView file={analysis.file} error={analysis.error} onBack={close} onOpen={open} />;
  } else {
    body = <AnalysisScreen key={analysis.analysisId} ref={screen} analysis={{ ...analysis, analysisId: analysis.analysisId }} />;
  }

  return (
    <div className="app">
      <Toolbar
        analysis={analysis}
        upload={upload}
        settings={settings}
        onOpen={open}
        onClose={close}
        onCancel={() => void api.cancelAnalysis()}
        onSettings={updateSettings}
        onGallery={() => setGallery(true)}
      >
        <CaptureControls analysis={analysis} onSetup={() => setCaptureSetup(true)} />
      </Toolbar>
      {disconnected && (
        <div className="banner error" role="alert" data-testid="disconnected">
          {t('errorView.disconnected')}
        </div>
      )}
      {notice && (
        <div className="banner error" role="alert" data-testid="notice">
          <strong>{errorTitle(notice, t)}</strong> <span className="detail">{notice.message}</span>
          <button type="button" className="link" onClick={() => setNotice(null)} aria-label={t('notice.dismiss')} title={t('notice.dismiss')}>
            ×
          </button>
        </div>
      )}
      <main className={lesson ? 'main with-lesson' : 'main'}>
        <LadderFocusContext.Provider value={focus}>{body}</LadderFocusContext.Provider>
        {lesson && <LessonPanel progress={lesson} analysis={analysis} onProgress={setLesson} onFocus={setFocus} onGallery={() => setGallery(true)} />}
      </main>
      <StatusBar analysis={analysis} />
      <input
        ref={fileInput}
        type="file"
        accept=".pcap,.pcapng,.cap"
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void openLocalFile(file);
        }}
      />
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <p>{t('drop.overlay')}</p>
        </div>
      )}
    </div>
  );
}
