import { useCallback } from 'react';
import { type IntlShape, type MessageDescriptor, useIntl } from 'react-intl';
import { ApiError } from '../api/http';
import { ACK_TIMEOUT } from '../api/socket';
import { useToast } from './toasts';

/** Why something failed, in the user's language where the console knows the reason, else in the gateway's words. */
export function failureReason(intl: IntlShape, failure: unknown): string {
  if (failure instanceof ApiError && failure.unreachable) return intl.formatMessage({ id: 'common.error.unreachable' });
  if (failure === ACK_TIMEOUT) return intl.formatMessage({ id: 'common.error.noAnswer' });
  if (failure instanceof Error) return failure.message;
  return typeof failure === 'string' ? failure : intl.formatMessage({ id: 'common.error.unknown' });
}

/**
 * A toast saying what could not be done and why ("Could not load your desk: …"). A 401 says
 * nothing: the gateway client has already sent the user back to the login page.
 */
export function useFailureNotice() {
  const intl = useIntl();
  const notify = useToast();
  return useCallback(
    (failure: unknown, what: MessageDescriptor, values?: Record<string, string | number>) => {
      if (failure instanceof ApiError && failure.status === 401) return;
      notify(
        intl.formatMessage(
          { id: 'common.error.withReason' },
          { what: intl.formatMessage(what, values), reason: failureReason(intl, failure) },
        ),
        'error',
      );
    },
    [intl, notify],
  );
}
