import { FormattedMessage } from 'react-intl';
import { useRouteError } from 'react-router';
import { EmptyState } from '../ui/EmptyState';

/** What a screen that crashed shows instead of a blank page: what happened and a way out. */
export function RouteError() {
  const error = useRouteError();
  const detail = error instanceof Error ? error.message : undefined;
  return (
    <main className="content">
      <EmptyState
        testId="route-error"
        title={<FormattedMessage id="common.routeError.title" />}
        action={
          <button className="primary" onClick={() => window.location.reload()}>
            <FormattedMessage id="common.routeError.reload" />
          </button>
        }
      >
        {detail && <code className="small">{detail}</code>}
      </EmptyState>
    </main>
  );
}
