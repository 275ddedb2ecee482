import { useMemo } from 'react';
import { defineMessages, type IntlShape, type MessageDescriptor, useIntl } from 'react-intl';
import { firstName } from '../ui/format';

/**
 * The lists a tenant will configure (identity/admin work, issue 11): away reasons, wrap-up
 * codes and canned responses. Until then they are fixed here, in one module, with their labels
 * and texts in the catalogues (`locales/<language>/lists.json`); screens read them only through
 * these hooks and label functions, so tenant data can replace this module without touching them.
 * Codes (not labels) travel to routing and tickets, so a label can be translated or renamed.
 */

const awayReasonMessages = defineMessages({
  break: { id: 'lists.away.break' },
  lunch: { id: 'lists.away.lunch' },
  meeting: { id: 'lists.away.meeting' },
  training: { id: 'lists.away.training' },
  coaching: { id: 'lists.away.coaching' },
});

const wrapUpMessages = defineMessages({
  resolved: { id: 'lists.wrapUp.resolved' },
  'information-given': { id: 'lists.wrapUp.informationGiven' },
  'follow-up-needed': { id: 'lists.wrapUp.followUpNeeded' },
  escalated: { id: 'lists.wrapUp.escalated' },
  'not-resolved': { id: 'lists.wrapUp.notResolved' },
  spam: { id: 'lists.wrapUp.spam' },
});

const cannedTitles = defineMessages({
  greeting: { id: 'lists.canned.greeting.title' },
  checking: { id: 'lists.canned.checking.title' },
  'order-number': { id: 'lists.canned.orderNumber.title' },
  apology: { id: 'lists.canned.apology.title' },
  'anything-else': { id: 'lists.canned.anythingElse.title' },
  goodbye: { id: 'lists.canned.goodbye.title' },
});

/** Placeholders (ICU arguments): {firstName} the customer's, {agentName} the agent's full name, {agentFirstName}. */
type CannedValues = { firstName: string; agentName: string; agentFirstName: string };
const cannedTexts = defineMessages<Record<keyof typeof cannedTitles, CannedValues>>({
  greeting: { id: 'lists.canned.greeting.text' },
  checking: { id: 'lists.canned.checking.text' },
  'order-number': { id: 'lists.canned.orderNumber.text' },
  apology: { id: 'lists.canned.apology.text' },
  'anything-else': { id: 'lists.canned.anythingElse.text' },
  goodbye: { id: 'lists.canned.goodbye.text' },
});

const listMessages = defineMessages({
  customerFallback: { id: 'lists.canned.customerFallback' },
});

export interface ListEntry {
  code: string;
  label: string;
}

const entries = (intl: IntlShape, messages: Record<string, MessageDescriptor>): ListEntry[] =>
  Object.entries(messages).map(([code, message]) => ({ code, label: intl.formatMessage(message) }));

/** A code as this module knows it: "lunch", and also the English labels older data carries ("Lunch", "Information given"). */
const known = (messages: Record<string, MessageDescriptor>, value: string): MessageDescriptor | undefined =>
  messages[value] ?? messages[value.trim().toLowerCase().replace(/\s+/g, '-')];

export function useAwayReasons(): ListEntry[] {
  const intl = useIntl();
  return useMemo(() => entries(intl, awayReasonMessages), [intl]);
}

/** The label of an away reason; one this console does not know (set elsewhere) is shown as it came. */
export function awayReasonLabel(intl: IntlShape, reason: string): string {
  const message = known(awayReasonMessages, reason);
  return message ? intl.formatMessage(message) : reason;
}

export function useWrapUpCodes(): ListEntry[] {
  const intl = useIntl();
  return useMemo(() => entries(intl, wrapUpMessages), [intl]);
}

export function wrapUpLabel(intl: IntlShape, code: string): string {
  const message = known(wrapUpMessages, code);
  return message ? intl.formatMessage(message) : code;
}

export interface CannedResponse {
  id: string;
  title: string;
  /** The text with the placeholders filled for this customer and agent. */
  fill: (values: { customerName?: string | null; agentName: string }) => string;
}

export function useCannedResponses(): CannedResponse[] {
  const intl = useIntl();
  return useMemo(
    () =>
      (Object.keys(cannedTitles) as Array<keyof typeof cannedTitles>).map((id) => ({
        id,
        title: intl.formatMessage(cannedTitles[id]),
        fill: ({ customerName, agentName }) =>
          intl.formatMessage(cannedTexts[id], {
            firstName: firstName(customerName) ?? intl.formatMessage(listMessages.customerFallback),
            agentName,
            agentFirstName: firstName(agentName) ?? agentName,
          }),
      })),
    [intl],
  );
}
