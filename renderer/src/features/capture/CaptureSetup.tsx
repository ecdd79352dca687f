/**
 * Capture > Start…: pick an interface (libpcap's list, loopback and "any"
 * included, with addresses and link types), a BPF filter checked by libpcap
 * as you type, snap length and promiscuous mode, then Start. A refusal (no
 * rights, bad filter, no such device) is explained in plain words with what
 * to do on this OS — never a stack trace.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiErrorInfo, CaptureErrorInfo, CaptureInterface } from '../../../../contract/api';
import { useApi } from '../../api/api-context';
import { errorTitle } from '../errors/error-text';
import { useI18n } from '../../i18n/i18n-context';
import { captureErrorText, isPermissionError } from './capture-text';
import './capture.css';

interface Props {
  onBack(): void;
  onStarted(): void;
}

type FilterCheck = { state: 'idle' | 'empty' | 'checking' | 'ok' } | { state: 'bad'; error: CaptureErrorInfo };

const CHECK_DELAY_MS = 400;
/** cap 0.2.1 fixes libpcap's snap length at 65535 (the helper cuts shorter ones itself) */
const DEFAULT_SNAP_LENGTH = 65535;

/** A sensible first choice: a real interface that opens, else loopback, else the first listed. */
function firstChoice(list: CaptureInterface[]): string | null {
  const usable = list.filter((i) => i.status === 'ok' || i.status === 'permission-denied');
  return (usable.find((i) => !i.any && !i.loopback && i.addresses.length > 0) ?? usable.find((i) => i.loopback) ?? usable[0] ?? list[0])?.name ?? null;
}

export function CaptureSetup({ onBack, onStarted }: Props) {
  const api = useApi();
  const { t, language } = useI18n();
  const [interfaces, setInterfaces] = useState<CaptureInterface[] | null>(null);
  const [listError, setListError] = useState<ApiErrorInfo | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [check, setCheck] = useState<FilterCheck>({ state: 'empty' });
  const [snapLength, setSnapLength] = useState(String(DEFAULT_SNAP_LENGTH));
  const [promiscuous, setPromiscuous] = useState(true);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ApiErrorInfo | null>(null);
  const checkSeq = useRef(0);
  const top = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    setInterfaces(null);
    setListError(null);
    void api.listCaptureInterfaces().then((r) => {
      if (!r.ok) {
        setListError(r.error);
        setInterfaces([]);
        return;
      }
      setInterfaces(r.value);
      setSelected((old) => (old && r.value.some((i) => i.name === old) ? old : firstChoice(r.value)));
    });
  }, [api]);
  useEffect(load, [load]);

  // libpcap compiles the filter for the chosen interface, a moment after typing stops
  useEffect(() => {
    const seq = ++checkSeq.current;
    if (filter.trim() === '') {
      setCheck({ state: 'empty' });
      return;
    }
    if (!selected) {
      setCheck({ state: 'idle' });
      return;
    }
    setCheck({ state: 'checking' });
    const timer = setTimeout(() => {
      void api.checkCaptureFilter({ interface: selected, filter }).then((r) => {
        if (seq !== checkSeq.current) return;
        if (!r.ok) setCheck(r.error.capture ? { state: 'bad', error: r.error.capture } : { state: 'idle' });
        else setCheck(r.value.ok ? { state: 'ok' } : { state: 'bad', error: r.value.error });
      });
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, selected, filter]);

  const snap = Number(snapLength);
  const snapValid = /^\d+$/.test(snapLength) && snap >= 1 && snap <= 262144;
  const filterBad = check.state === 'bad' && check.error.code === 'capture.bad-filter';

  const start = async () => {
    if (!selected || !snapValid) return;
    setStarting(true);
    setStartError(null);
    const r = await api.startCapture({ interface: selected, filter, snapLength: snap, promiscuous });
    setStarting(false);
    if (r.ok) onStarted();
    else {
      setStartError(r.error);
      // the explanation is at the top of the view: bring it into sight
      top.current?.scrollTo({ top: 0 });
    }
  };

  // a refusal to open any device: explain it once, above everything
  const permission = [startError?.capture, check.state === 'bad' ? check.error : null, ...(interfaces ?? []).map((i) => i.error)].find(isPermissionError) ?? null;
  const otherStartError = startError && !isPermissionError(startError.capture) ? startError : null;

  return (
    <div className="capture-setup" data-testid="capture-setup" ref={top}>
      <h1>{t('live.title')}</h1>
      <p className="intro">{t('live.intro')}</p>

      {permission && (
        <section className="capture-error" role="alert" data-testid="capture-permission">
          <h2>{t('live.notPermitted')}</h2>
          <pre>{captureErrorText(permission, language)}</pre>
        </section>
      )}
      {otherStartError && (
        <section className="capture-error" role="alert" data-testid="capture-start-error">
          <h2>{t('live.failed')}</h2>
          <pre>{otherStartError.capture ? captureErrorText(otherStartError.capture, language) : `${errorTitle(otherStartError, t)} ${otherStartError.message}`}</pre>
        </section>
      )}
      {listError && (
        <section className="capture-error" role="alert" data-testid="capture-list-error">
          <h2>{t('live.failed')}</h2>
          <pre>{listError.capture ? captureErrorText(listError.capture, language) : `${errorTitle(listError, t)} ${listError.message}`}</pre>
        </section>
      )}

      <h2>
        {t('live.interface')}
        <button type="button" onClick={load} disabled={interfaces === null} data-testid="capture-refresh">
          {t('live.refresh')}
        </button>
      </h2>
      {interfaces === null ? (
        <p className="muted">{t('live.loading')}</p>
      ) : interfaces.length === 0 && !listError ? (
        <p className="muted">{t('live.none')}</p>
      ) : (
        <div className="capture-interfaces-box">
        <table className="capture-interfaces" data-testid="capture-interfaces">
          <thead>
            <tr>
              <th>{t('live.col.name')}</th>
              <th>{t('live.col.addresses')}</th>
              <th>{t('live.col.link')}</th>
              <th>{t('live.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {interfaces.map((i) => (
              <tr key={i.name} className={i.status === 'not-probed' ? 'pseudo' : undefined} aria-selected={i.name === selected} onClick={() => setSelected(i.name)} data-testid="capture-interface" data-name={i.name}>
                <td>
                  <label>
                    <input type="radio" name="capture-interface" checked={i.name === selected} onChange={() => setSelected(i.name)} /> {i.name}
                  </label>
                  {i.loopback && <span className="badge">{t('live.loopback')}</span>}
                  {i.any && <span className="badge">{t('live.any')}</span>}
                  {i.description && <div className="muted">{i.description}</div>}
                </td>
                <td className="addresses">{i.addresses.map((a) => a.address).join('  ')}</td>
                <td>{i.linkTypeName ?? (i.linkType === null ? '' : String(i.linkType))}</td>
                <td className={`if-state-${i.status}`} title={i.error ? captureErrorText(i.error, language) : undefined}>
                  {t(`live.ifState.${i.status}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}

      <div className="capture-options">
        <label htmlFor="capture-filter">{t('live.filter')}</label>
        <input
          id="capture-filter"
          type="text"
          className={filterBad ? 'bad' : undefined}
          value={filter}
          maxLength={2000}
          spellCheck={false}
          placeholder={t('live.filterPlaceholder')}
          aria-invalid={filterBad}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="capture-filter"
        />
        <p className={`check ${check.state === 'bad' ? 'bad' : 'ok'}`} data-testid="capture-filter-check" data-state={check.state} aria-live="polite">
          {check.state === 'empty' && t('live.filterEmpty')}
          {check.state === 'idle' && t('live.filterPickInterface')}
          {check.state === 'checking' && t('live.filterChecking')}
          {check.state === 'ok' && t('live.filterOk')}
          {check.state === 'bad' && !isPermissionError(check.error) && captureErrorText(check.error, language)}
        </p>
        <label htmlFor="capture-snaplen">{t('live.snapLength')}</label>
        <input
          id="capture-snaplen"
          type="number"
          min={1}
          max={262144}
          className={snapValid ? undefined : 'bad'}
          value={snapLength}
          onChange={(e) => setSnapLength(e.target.value)}
          data-testid="capture-snaplen"
        />
        {snapValid && snap > DEFAULT_SNAP_LENGTH && <p className="check ok">{t('live.snapLengthCap')}</p>}
        <label className="inline">
          <input type="checkbox" checked={promiscuous} onChange={(e) => setPromiscuous(e.target.checked)} data-testid="capture-promiscuous" />
          {t('live.promiscuous')}
        </label>
        {!promiscuous && (
          <p className="check ok" data-testid="capture-promiscuous-note">
            {t('live.promiscuousAlways')}
          </p>
        )}
      </div>

      <div className="buttons">
        <button type="button" className="primary big" disabled={!selected || !snapValid || filterBad || starting} onClick={() => void start()} data-testid="capture-start">
          {starting ? t('live.starting') : t('live.start')}
        </button>
        <button type="button" className="big" onClick={onBack} data-testid="capture-back">
          {t('live.back')}
        </button>
      </div>
    </div>
  );
}
