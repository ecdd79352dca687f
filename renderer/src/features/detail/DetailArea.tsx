/** Below the flow list: the selected connection, in tabs (views from detail-views.ts). */
import { useEffect, useState } from 'react';
import type { ConnectionDetails } from '../../../../contract/api';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n-context';
import { useLadderFocus } from '../ladder/ladder-focus';
import { CaptureTiming } from '../timing/TimingView';
import { availableViews, type DetailView } from './detail-views';

interface Props {
  analysisId: string;
  connectionId: number | null;
  /** re-read the details when the worker reports changes (the connection may still be growing) */
  revision: number;
}

export function DetailArea({ analysisId, connectionId, revision }: Props) {
  const api = useApi();
  const { t } = useI18n();
  const views = availableViews();
  const [active, setActive] = useState<DetailView['id']>(views[0]?.id ?? 'details');
  const [details, setDetails] = useState<ConnectionDetails | null>(null);

  // a request to show an arrow brings the ladder forward
  const focus = useLadderFocus();
  useEffect(() => {
    if (focus) setActive('ladder');
  }, [focus]);

  useEffect(() => {
    if (connectionId === null) {
      setDetails(null);
      return;
    }
    let stale = false;
    void api.getConnectionDetails({ analysisId, connectionId }).then((r) => {
      if (!stale && r.ok) setDetails(r.value);
    });
    return () => {
      stale = true;
    };
  }, [api, analysisId, connectionId, revision]);

  const view = views.find((v) => v.id === active) ?? views[0];
  const shown = details && details.row.id === connectionId ? details : null;
  const View = view?.component;

  return (
    <section className="detail-area" data-testid="detail-area">
      <div className="tabs" role="tablist">
        {views.map((v) => (
          <button key={v.id} type="button" role="tab" aria-selected={v.id === view?.id} className="tab" onClick={() => setActive(v.id)} data-testid={`tab-${v.id}`}>
            {t(v.title)}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel">
        {connectionId === null && view?.id === 'timing' ? (
          <CaptureTiming analysisId={analysisId} connection={null} />
        ) : connectionId === null ? (
          <p className="empty-note">{t('detail.choose')}</p>
        ) : shown && View ? (
          <View details={shown} />
        ) : (
          <p className="empty-note">{t('detail.loading')}</p>
        )}
      </div>
    </section>
  );
}
