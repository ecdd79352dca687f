/**
 * The detail area's tabs. Each view gets the selected connection's details;
 * a view without a component is not shown (its tab appears when it is built).
 * Add the ladder diagram, certificates and timing charts here.
 */
import type { ComponentType } from 'react';
import type { ConnectionDetails } from '../../../../contract/api';
import type { MessageKey } from '../../../../contract/i18n/translate';
import { CertificatesView } from '../certs/CertificatesView';
import { LadderView } from '../ladder/LadderView';
import { TimingView } from '../timing/TimingView';
import { DetailsView } from './DetailsView';

export interface DetailViewProps {
  details: ConnectionDetails;
}

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
