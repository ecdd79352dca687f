/** The words a ladder drawing needs (lane titles, phase labels, each row's label and times), in the chosen language. */
import { useMemo } from 'react';
import type { ConnectionReportView, Language } from '../../../../contract/api';
import { formatMs } from '../../format';
import type { Translate } from '../../../../contract/i18n/translate';
import type { DrawText } from './draw';
import { clockTime, deltaText, rowLabel } from './labels';
import type { LadderLayout } from './layout';

export function ladderDrawText(layout: LadderLayout, c: ConnectionReportView, t: Translate, language: Language): DrawText {
  return {
    clientTitle: t('views.ladder.client'),
    serverTitle: t('views.ladder.server'),
    client: c.client,
    server: c.server,
    timeHeader: t('views.ladder.timeHeader'),
    groupText: t('views.ladder.segmentGroup'),
    phase: (i) => {
      const p = layout.phases[i];
      return { name: t(`views.ladder.phase.${p.phase}`), duration: t('views.ladder.delta', { ms: formatMs(language, p.durationMs) }).replace(/^\+/, '') };
    },
    row: (row) => ({
      label: rowLabel(row, layout, c, t, language),
      time: clockTime(row.time),
      delta: deltaText(row, t, language),
      // the badge shows the number only; stepText() words it for tooltips and the inspector
      step: row.step === null ? '' : row.stepTo && row.stepTo !== row.step ? `${row.step}–${row.stepTo}` : String(row.step),
      pause: row.timeBreakMs === null ? null : t('views.ladder.pause', { ms: formatMs(language, row.timeBreakMs) }),
    }),
  };
}

export function useLadderText(layout: LadderLayout, c: ConnectionReportView, t: Translate, language: Language): DrawText {
  return useMemo(() => ladderDrawText(layout, c, t, language), [layout, c, t, language]);
}
