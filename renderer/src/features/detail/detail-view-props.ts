/** What every detail view is given: the selected connection's details (the tab list in detail-views.ts). */
import type { ConnectionDetails } from '../../../../contract/api';

export interface DetailViewProps {
  details: ConnectionDetails;
}
