/** Beside the filter box: the syntax as a tooltip, terms that can never match, and the selected connection's Wireshark filter. */
import { useEffect, useState } from 'react';
import type { ConnectionRow, ConnectionSort } from '../../../../contract/api';
import { parseFilter } from '../../../../contract/filter/flow-filter';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n-context';
import { copyText } from '../export/save';
import '../views.css';
import { wiresharkFilters } from './wireshark-filter';

export function FilterHelp({ filter }: { filter: string }) {
  const { t } = useI18n();
  const problems = parseFilter(filter).problems;
  return (
    <>
      <span className="filter-help" title={t('views.filter.help')} aria-label={t('views.filter.help')} data-testid="filter-help">
        ⓘ
      </span>
      {problems.length > 0 && (
        <span className="filter-problem" role="status" data-testid="filter-problem">
          ⚠ {t('views.filter.problem', { terms: problems.map((p) => p.term).join(' ') })}
        </span>
      )}
    </>
  );
}

interface WiresharkProps {
  analysisId: string;
  selected: { id: number; index: number } | null;
  sort: ConnectionSort;
  filter: string;
  revision: number;
}

function CopyButton({ text }: { text: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  useEffect(() => setCopied(false), [text]);
  return (
    <button type="button" className="small" onClick={() => void copyText(text).then(setCopied)} data-testid="wireshark-copy">
      {copied ? t('views.filter.copied') : t('views.filter.copy')}
    </button>
  );
}

/** `tcp.stream eq N` and the address/port form, for the selected connection. */
export function WiresharkFilter({ analysisId, selected, sort, filter, revision }: WiresharkProps) {
  const api = useApi();
  const { t } = useI18n();
  const [row, setRow] = useState<ConnectionRow | null>(null);
  useEffect(() => {
    if (!selected) {
      setRow(null);
      return;
    }
    let stale = false;
    void api.listConnections({ analysisId, offset: selected.index, limit: 1, sort, filter }).then((r) => {
      if (!stale && r.ok) setRow(r.value.rows[0]?.id === selected.id ? r.value.rows[0] : null);
    });
    return () => {
      stale = true;
    };
  }, [api, analysisId, selected, sort, filter, revision]);
  if (!row) return null;
  const filters = wiresharkFilters(row);
  return (
    <span className="wireshark-filter" title={t('views.filter.wiresharkTitle')} data-testid="wireshark-filter">
      <span className="muted">{t('views.filter.wireshark')}</span>
      <code data-testid="wireshark-stream">{filters.stream}</code>
      <CopyButton text={filters.stream} />
      <code data-testid="wireshark-conversation" title={filters.conversation}>
        {filters.conversation}
      </code>
      <CopyButton text={filters.conversation} />
    </span>
  );
}
