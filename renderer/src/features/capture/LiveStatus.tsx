/** Status bar parts of a live capture: frames, bytes, rate, drops (kernel drops shown as unknown when they cannot be read). */
import type { AnalysisProgress, LiveCaptureStatus } from '../../../../contract/api';
import { formatInteger } from '../../format';
import { useI18n } from '../../i18n/i18n-context';
import { formatBytes } from './capture-text';
import './capture.css';

export function LiveStatus({ capture, progress }: { capture: LiveCaptureStatus; progress: AnalysisProgress | null }) {
  const { t, language } = useI18n();
  const n = (v: number) => formatInteger(language, v);
  const unknown = (title?: string) => (
    <span className="unknown" title={title}>
      {t('live.unknown')}
    </span>
  );
  const kernelWhy = capture.drops.kernelSource.replace(/^unavailable:\s*/, '');
  return (
    <>
      <span data-testid="status-frames">
        {t('statusbar.frames')}: {n(capture.frames)}
      </span>
      <span data-testid="status-bytes">
        {t('live.bytes')}: {formatBytes(language, capture.bytes)}
      </span>
      <span data-testid="status-rate">
        {t('live.rate')}: {t('live.rateValue', { frames: n(Math.round(capture.framesPerSecond)), bytes: formatBytes(language, capture.bytesPerSecond) })}
      </span>
      <span data-testid="status-drops" data-kernel={capture.drops.kernel ?? 'unknown'}>
        {t('live.drops')}:{' '}
        {t('live.dropsValue', { kernel: '\u0000k', interface: '\u0000i', app: n(capture.drops.app) })
          .split(/(\u0000[ki])/)
          .map((part, i) =>
            part === '\u0000k' ? (
              <span key={i}>{capture.drops.kernel === null ? unknown(t('live.kernelUnknown', { why: kernelWhy })) : n(capture.drops.kernel)}</span>
            ) : part === '\u0000i' ? (
              <span key={i}>{capture.drops.interface === null ? unknown() : n(capture.drops.interface)}</span>
            ) : (
              part
            ),
          )}
      </span>
      <span data-testid="status-connections">
        {t('statusbar.connections')}: {n(progress?.connections ?? 0)}
      </span>
      <span data-testid="status-tls">
        {t('statusbar.tls')}: {n(progress?.tlsConnections ?? 0)}
      </span>
    </>
  );
}
