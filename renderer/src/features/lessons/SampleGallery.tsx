/**
 * The gallery: the guided lessons, then every sample capture grouped in
 * teaching order, each with its title and one-line description in the chosen
 * language and the lessons that use it. One click opens a sample or starts a
 * lesson. Shown on the start screen and as a page of its own (toolbar, Help menu).
 */
import { useEffect, useState } from 'react';
import type { Language, LocalizedText, SampleInfo } from '../../../../contract/api';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n-context';
import { groupSamples } from '../../../../contract/samples/gallery';
import { LESSONS, lessonSamples, lessonsUsing } from './lessons/index';
import { localize, type Lesson } from './model';
import './lessons.css';

interface Props {
  onOpenSample(name: string): void;
  onStartLesson(lesson: Lesson): void;
}

const pick = (text: LocalizedText | null, language: Language): string | null => (text ? (text[language] ?? text.en) : null);

/** The first sentence of a description (the gallery shows one line; the whole text is the tooltip). */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?。！？])(\s|$)/u.exec(text.trim());
  return m ? m[1] : text.trim();
}

export function SampleGallery({ onOpenSample, onStartLesson }: Props) {
  const api = useApi();
  const { t, language } = useI18n();
  const [samples, setSamples] = useState<SampleInfo[] | null>(null);

  useEffect(() => {
    void api.listSamples().then((r) => setSamples(r.ok ? r.value : []));
  }, [api]);

  if (samples === null) return null;
  const titleOf = (name: string) => pick(samples.find((s) => s.name === name)?.title ?? null, language) ?? name;

  return (
    <div className="gallery" data-testid="gallery">
      <section className="gallery-section" data-testid="gallery-lessons">
        <h2>{t('gallery.lessons')}</h2>
        <ol className="lesson-cards">
          {LESSONS.map((lesson, i) => (
            <li key={lesson.id} className="lesson-card" data-testid="lesson-card" data-lesson={lesson.id}>
              <h3>
                <span className="lesson-number">{String.fromCharCode(97 + i)}</span> {localize(lesson.title, language)}
              </h3>
              <p>{localize(lesson.summary, language)}</p>
              <p className="muted small">
                {t('gallery.steps', { count: lesson.steps.length })} · {lessonSamples(lesson).map(titleOf).join(' · ')}
              </p>
              <button type="button" className="primary" onClick={() => onStartLesson(lesson)} data-testid="lesson-start">
                {t('gallery.start')}
              </button>
            </li>
          ))}
        </ol>
      </section>
      <section className="gallery-section" data-testid="gallery-samples">
        <h2>{t('gallery.samples')}</h2>
        {samples.length === 0 && <p className="muted">{t('gallery.none')}</p>}
        {groupSamples(samples).map((group) => (
          <div key={group.id} className="gallery-group" data-testid="gallery-group" data-group={group.id}>
            <h3>{t(group.title)}</h3>
            <ul>
              {group.samples.map((s) => {
                const description = pick(s.description, language);
                const lessons = lessonsUsing(s.name);
                return (
                  <li key={s.name} className="sample-item" data-testid="gallery-sample" data-sample={s.name}>
                    <button type="button" className="link sample-title" onClick={() => onOpenSample(s.name)} data-testid="gallery-open">
                      {pick(s.title, language) ?? s.name}
                    </button>
                    {description && (
                      <span className="sample-description muted" title={description}>
                        {firstSentence(description)}
                      </span>
                    )}
                    {lessons.length > 0 && (
                      <span className="sample-lessons">
                        <span className="muted">{t('gallery.usedBy')}</span>
                        {lessons.map((l) => (
                          <button key={l.id} type="button" className="chip" onClick={() => onStartLesson(l)} data-testid="gallery-sample-lesson" data-lesson={l.id}>
                            {localize(l.title, language)}
                          </button>
                        ))}
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </section>
    </div>
  );
}

/** The gallery as a page of its own (toolbar button, Help menu), over whatever is open. */
export function GalleryPage({ onBack, ...props }: Props & { onBack(): void }) {
  const { t } = useI18n();
  return (
    <div className="gallery-page" data-testid="gallery-page">
      <div className="gallery-page-head">
        <button type="button" onClick={onBack} data-testid="gallery-back">
          {t('gallery.back')}
        </button>
        <h1>{t('gallery.title')}</h1>
      </div>
      <p className="muted">{t('gallery.intro')}</p>
      <SampleGallery {...props} />
    </div>
  );
}
