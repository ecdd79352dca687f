/**
 * A lesson beside the capture it uses. Each step opens its sample (when the
 * open capture is another one), finds its connection and arrow by the step's
 * rules in the analysis, asks the ladder to show that arrow (LadderFocus: the
 * same selection a click makes) and checks the student's answer against the
 * value computed from the connection's details. Texts are rendered as text.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ConnectionReportView } from '../../../../contract/api';
import type { AnalysisView } from '../../app/use-analysis';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n-context';
import type { LadderFocus } from '../ladder/ladder-focus';
import { checkAnswer, expectedAnswer, localize, resolveStep, type Lesson, type ResolvedStep } from './model';
import './lessons.css';

export interface LessonProgress {
  lesson: Lesson;
  step: number;
  /** step id → answered right */
  results: Record<string, boolean>;
  done: boolean;
}

interface Props {
  progress: LessonProgress;
  analysis: AnalysisView;
  onProgress(next: LessonProgress | null): void;
  onFocus(focus: LadderFocus | null): void;
  onGallery(): void;
}

type Resolution = { key: string; analysisId: string } & ({ ok: true; resolved: ResolvedStep } | { ok: false; reason: string });

let focusSeq = 0;

async function loadConnections(api: ReturnType<typeof useApi>, analysisId: string): Promise<ConnectionReportView[]> {
  const page = await api.listConnections({ analysisId, offset: 0, limit: 100, sort: { key: 'id', direction: 'asc' }, filter: '' });
  if (!page.ok) throw new Error(page.error.message);
  const out: ConnectionReportView[] = [];
  for (const row of page.value.rows) {
    const d = await api.getConnectionDetails({ analysisId, connectionId: row.id });
    if (!d.ok) throw new Error(d.error.message);
    out.push(d.value.connection);
  }
  return out;
}

export function LessonPanel({ progress, analysis, onProgress, onFocus, onGallery }: Props) {
  const api = useApi();
  const { t, language } = useI18n();
  const { lesson } = progress;
  const step = lesson.steps[Math.min(progress.step, lesson.steps.length - 1)];
  const stepKey = `${lesson.id}:${step.id}`;
  const opened = analysis.file?.source === 'sample' && analysis.file.name === step.sample;
  const ready = opened && analysis.status === 'finished' && analysis.analysisId !== null;
  const [resolution, setResolution] = useState<Resolution | null>(null);
  const openedFor = useRef<string | null>(null);

  // a new step whose sample is not the open capture: open it (once per step, so the student may look elsewhere)
  useEffect(() => {
    if (progress.done || openedFor.current === stepKey) return;
    openedFor.current = stepKey;
    if (!opened) void api.openSample({ name: step.sample });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per step
  }, [stepKey, progress.done]);

  // the sample is read: find the step's connection and arrow, and show the arrow
  useEffect(() => {
    if (!ready || progress.done) return;
    const analysisId = analysis.analysisId!;
    let stale = false;
    void loadConnections(api, analysisId)
      .then((connections) => {
        const resolved = resolveStep(step, connections);
        if (stale) return;
        setResolution({ key: stepKey, analysisId, ok: true, resolved });
        onFocus({ connectionId: resolved.connectionId, itemKey: resolved.itemKey, seq: ++focusSeq });
      })
      .catch((err: Error) => !stale && setResolution({ key: stepKey, analysisId, ok: false, reason: err.message }));
    return () => {
      stale = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- per step and per analysis
  }, [ready, analysis.analysisId, stepKey, progress.done]);

  const current = resolution && resolution.key === stepKey && resolution.analysisId === analysis.analysisId && ready ? resolution : null;
  const go = (next: number) => onProgress({ ...progress, step: next });
  const leave = () => {
    onFocus(null);
    onProgress(null);
  };

  if (progress.done) {
    const right = lesson.steps.filter((s) => progress.results[s.id]).length;
    return (
      <aside className="lesson-panel" data-testid="lesson-panel" data-lesson={lesson.id} data-done="true">
        <p className="lesson-kicker">{t('lesson.label')}</p>
        <h2>{localize(lesson.title, language)}</h2>
        <div className="lesson-finish" data-testid="lesson-finish">
          <h3>{t('lesson.done')}</h3>
          <p data-testid="lesson-score" data-right={right} data-total={lesson.steps.length}>
            {t('lesson.score', { right, total: lesson.steps.length })}
          </p>
          <ol className="lesson-results">
            {lesson.steps.map((s) => (
              <li key={s.id} className={progress.results[s.id] ? 'ok' : 'missed'}>
                <span aria-hidden="true">{progress.results[s.id] ? '✓' : '○'}</span> {localize(s.title, language)}
              </li>
            ))}
          </ol>
          <p>{localize(lesson.finish, language)}</p>
          <div className="lesson-nav">
            <button type="button" onClick={() => onProgress({ lesson, step: 0, results: {}, done: false })} data-testid="lesson-restart">
              {t('lesson.restart')}
            </button>
            <button type="button" onClick={onGallery} data-testid="lesson-gallery">
              {t('lesson.backToGallery')}
            </button>
            <button type="button" className="primary" onClick={leave} data-testid="lesson-leave">
              {t('lesson.leave')}
            </button>
          </div>
        </div>
      </aside>
    );
  }

  const last = progress.step >= lesson.steps.length - 1;
  return (
    <aside className="lesson-panel" data-testid="lesson-panel" data-lesson={lesson.id} data-step={step.id} data-ready={current?.ok === true}>
      <div className="lesson-top">
        <p className="lesson-kicker">
          {t('lesson.label')} · {localize(lesson.title, language)}
        </p>
        <button type="button" className="link small" onClick={leave} data-testid="lesson-leave" title={t('lesson.leave')}>
          ×
        </button>
      </div>
      <div className="lesson-progress" data-testid="lesson-progress">
        <span>{t('lesson.progress', { step: progress.step + 1, total: lesson.steps.length })}</span>
        <progress max={lesson.steps.length} value={progress.step + 1} />
      </div>
      <h2 data-testid="lesson-step-title">{localize(step.title, language)}</h2>
      <p className="lesson-body" data-testid="lesson-body">
        {localize(step.body, language)}
      </p>
      {!opened && (
        <p className="lesson-note" data-testid="lesson-other-capture">
          {t('lesson.otherCapture', { sample: step.sample })}{' '}
          <button type="button" onClick={() => void api.openSample({ name: step.sample })} data-testid="lesson-open-sample">
            {t('lesson.openSample')}
          </button>
        </p>
      )}
      {opened && !ready && <p className="lesson-note muted">{t('lesson.opening', { sample: step.sample })}</p>}
      {current && !current.ok && (
        <p className="lesson-note error" role="alert" data-testid="lesson-error">
          {t('lesson.ruleError', { reason: current.reason })}
        </p>
      )}
      {current?.ok && (
        <>
          <button type="button" className="link small" onClick={() => onFocus({ connectionId: current.resolved.connectionId, itemKey: current.resolved.itemKey, seq: ++focusSeq })} data-testid="lesson-show-arrow">
            {t('lesson.showArrow')}
          </button>
          <QuestionBox
            key={`${stepKey}@${current.analysisId}`}
            progress={progress}
            resolved={current.resolved}
            onAnswered={(right) => onProgress({ ...progress, results: { ...progress.results, [step.id]: progress.results[step.id] || right } })}
          />
        </>
      )}
      <div className="lesson-nav">
        <button type="button" onClick={() => go(progress.step - 1)} disabled={progress.step === 0} data-testid="lesson-previous">
          {t('lesson.previous')}
        </button>
        {last ? (
          <button type="button" className="primary" onClick={() => onProgress({ ...progress, done: true })} data-testid="lesson-finish-button">
            {t('lesson.finish')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => go(progress.step + 1)} data-testid="lesson-next">
            {t('lesson.next')}
          </button>
        )}
      </div>
    </aside>
  );
}

function QuestionBox({ progress, resolved, onAnswered }: { progress: LessonProgress; resolved: ResolvedStep; onAnswered(right: boolean): void }) {
  const { t, language } = useI18n();
  const step = progress.lesson.steps[progress.step];
  const question = step.question;
  const [given, setGiven] = useState('');
  const [result, setResult] = useState<'right' | 'wrong' | null>(null);

  const check = (value: string) => {
    const right = checkAnswer(question, resolved.context, value);
    setResult(right ? 'right' : 'wrong');
    onAnswered(right);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    check(given);
  };
  let shownAnswer = expectedAnswer(question, resolved.context);
  if (question.kind === 'choice') {
    const option = question.options.find((o) => o.id === shownAnswer);
    if (option) shownAnswer = localize(option.text, language);
  }

  return (
    <form className="lesson-question" onSubmit={submit} data-testid="lesson-question" data-kind={question.kind}>
      <p className="lesson-kicker">{t('lesson.question')}</p>
      <p className="lesson-prompt" data-testid="lesson-prompt">
        {localize(question.prompt, language)}
      </p>
      {question.kind === 'choice' ? (
        <div className="lesson-options" role="radiogroup">
          {question.options.map((o) => (
            <label key={o.id} className={`lesson-option${given === o.id ? ' chosen' : ''}`} data-testid="lesson-option" data-option={o.id}>
              <input type="radio" name="lesson-option" value={o.id} checked={given === o.id} onChange={() => setGiven(o.id)} />
              <span>{localize(o.text, language)}</span>
            </label>
          ))}
        </div>
      ) : (
        <input
          className="lesson-input"
          type="text"
          inputMode={question.kind === 'number' ? 'numeric' : 'text'}
          value={given}
          onChange={(e) => setGiven(e.target.value)}
          placeholder={t(question.kind === 'number' ? 'lesson.numberPlaceholder' : 'lesson.textPlaceholder')}
          maxLength={120}
          spellCheck={false}
          autoComplete="off"
          data-testid="lesson-input"
        />
      )}
      <button type="submit" disabled={!given.trim()} data-testid="lesson-check">
        {t('lesson.check')}
      </button>
      {result && (
        <div className={`lesson-feedback ${result}`} role="status" data-testid="lesson-feedback" data-result={result}>
          {result === 'right' ? (
            <>
              <strong>{t('lesson.right')}</strong> <span data-testid="lesson-answer">{t('lesson.answer', { answer: shownAnswer })}</span>
              <p>{localize(step.explain, language)}</p>
            </>
          ) : (
            <span>{t('lesson.wrong')}</span>
          )}
        </div>
      )}
    </form>
  );
}
