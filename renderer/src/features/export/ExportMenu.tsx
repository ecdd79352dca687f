/**
 * Export the listed connections (filter and order as shown) as CSV or as the
 * CLI's JSON. Electron: the service asks where and writes the file; browser
 * mode: the content comes back and the page downloads it.
 */
import { useEffect, useRef, useState } from 'react';
import type { ConnectionSort, ExportFormat } from '../../../../contract/api';
import { useApi } from '../../api/api-context';
import { formatInteger } from '../../format';
import { useI18n } from '../../i18n/i18n-context';
import { download } from './save';

interface Props {
  analysisId: string;
  filter: string;
  sort: ConnectionSort;
  shown: number;
}

export function ExportMenu({ analysisId, filter, sort, shown }: Props) {
  const api = useApi();
  const { t, language } = useI18n();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const root = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => root.current && !root.current.contains(e.target as Node) && setOpen(false);
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);

  const run = async (format: ExportFormat) => {
    setOpen(false);
    setStatus('');
    const r = await api.exportConnections({ analysisId, format, filter, sort });
    if (!r.ok) return setStatus(t('views.export.failed', { reason: r.error.message }));
    const result = r.value;
    if (result.kind === 'content') {
      download(result.fileName, result.content, result.mimeType);
      setStatus(t('views.export.saved', { name: result.fileName }));
    } else if (result.kind === 'saved') setStatus(t('views.export.saved', { name: result.path }));
  };

  return (
    <span className="export-menu" ref={root}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} title={t('views.export.filtered', { count: formatInteger(language, shown) })} data-testid="export-menu">
        {t('views.export.menu')} ▾
      </button>
      {open && (
        <span className="menu" role="menu">
          <button type="button" role="menuitem" onClick={() => void run('csv')} data-testid="export-csv">
            {t('views.export.csv')}
          </button>
          <button type="button" role="menuitem" onClick={() => void run('json')} data-testid="export-json">
            {t('views.export.json')}
          </button>
        </span>
      )}
      {status && (
        <span className="muted small" role="status" data-testid="export-status">
          {' '}
          {status}
        </span>
      )}
    </span>
  );
}
