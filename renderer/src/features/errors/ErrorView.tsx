/** A file that could not be analysed at all: what and why, and ways out. */
import type { ApiErrorInfo, CaptureFileInfo } from '../../../../contract/api';
import { useI18n } from '../../i18n/i18n-context';
import { errorTitle } from './error-text';

interface Props {
  file: CaptureFileInfo | null;
  error: ApiErrorInfo;
  onBack(): void;
  onOpen(): void;
}

export function ErrorView({ file, error, onBack, onOpen }: Props) {
  const { t } = useI18n();
  return (
    <div className="error-view" role="alert" data-testid="error-view">
      <h1>{t('errorView.failedTitle')}</h1>
      {file && <p className="file-name">{file.path ?? file.name}</p>}
      <p className="error-cause">{errorTitle(error, t)}</p>
      <pre className="error-detail" data-testid="error-detail">
        {error.message}
      </pre>
      <div className="buttons">
        <button type="button" className="primary" onClick={onOpen}>
          {t('errorView.openAnother')}
        </button>
        <button type="button" onClick={onBack}>
          {t('errorView.back')}
        </button>
      </div>
    </div>
  );
}
