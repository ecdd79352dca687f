/** No file open: open button, drop zone, recent files, the gallery of samples and lessons. */
import { useEffect, useState } from 'react';
import type { RecentFile } from '../../../../contract/api';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n-context';
import { SampleGallery } from '../lessons/SampleGallery';
import type { Lesson } from '../lessons/model';

interface Props {
  onOpen(): void;
  onOpenPath(path: string): void;
  onOpenSample(name: string): void;
  onStartLesson(lesson: Lesson): void;
  /** Capture > Start…: the live capture set-up */
  onCapture(): void;
}

export function StartScreen({ onOpen, onOpenPath, onOpenSample, onStartLesson, onCapture }: Props) {
  const api = useApi();
  const { t } = useI18n();
  const [recent, setRecent] = useState<RecentFile[]>([]);

  useEffect(() => {
    void api.listRecentFiles().then((r) => r.ok && setRecent(r.value));
  }, [api]);

  return (
    <div className="start-screen" data-testid="start-screen">
      <div className="start-card">
        <h1>{t('app.name')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
        <div className="start-actions">
          <button type="button" className="primary big" onClick={onOpen} data-testid="start-open">
            {t('start.open')}
          </button>
          <button type="button" className="big" onClick={onCapture} data-testid="start-capture" title={t('start.captureHint')}>
            {t('start.capture')}
          </button>
        </div>
        <div className="drop-zone" data-testid="drop-zone">
          <p>{t('start.drop')}</p>
          <p className="hint">{t('start.shortcut')}</p>
        </div>
        {recent.length > 0 && (
          <section className="start-list" data-testid="recent-files">
            <h2>{t('start.recent')}</h2>
            <ul>
              {recent.map((r) => (
                <li key={r.path}>
                  <button type="button" className="link" disabled={!r.exists} onClick={() => onOpenPath(r.path)} title={r.path}>
                    {r.name}
                  </button>
                  <span className="muted"> {r.exists ? r.path : t('start.recentMissing')}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <section className="start-list" data-testid="samples">
          <h2>{t('gallery.title')}</h2>
          <p className="muted">{t('gallery.intro')}</p>
          <SampleGallery onOpenSample={onOpenSample} onStartLesson={onStartLesson} />
        </section>
      </div>
    </div>
  );
}
