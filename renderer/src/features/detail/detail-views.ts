/**
 * The detail area's tabs. Each view gets the selected connection's details;
 * a view without a component is not shown (its tab appears when it is built).
 * A new view: its folder under features/, a component taking DetailViewProps
 * (detail-view-props.ts), an entry here and its tab title in the i18n catalogues.
 */
import type { ComponentType } from 'react';
import type { MessageKey } from '../../../../contract/i18n/translate';
import { CertificatesView } from '../certs/CertificatesView';
import { LadderView } from '../ladder/LadderView';
import { TimingView } from '../timing/TimingView';
import type { DetailViewProps } from './detail-view-props';
import { DetailsView } from './DetailsView';

export interface DetailView {
  id: 'ladder' | 'details' | 'certificates' | 'timing';
  title: MessageKey;
  component: ComponentType<DetailViewProps> | null;
}

export const DETAIL_VIEWS: readonly DetailView[] = [
  { id: 'ladder', title: 'detail.tab.ladder', component: LadderView },
  { id: 'details', title: 'detail.tab.details', component: DetailsView },
  { id: 'certificates', title: 'detail.tab.certificates', component: CertificatesView },
  { id: 'timing', title: 'detail.tab.timing', component: TimingView },
];

export const availableViews = (): DetailView[] => DETAIL_VIEWS.filter((v) => v.component !== null);
