import type { QueueFigures } from '@garda/contracts';
import { defineMessages, FormattedMessage, type MessageDescriptor, useIntl } from 'react-intl';
import { columnsOf, DataTable } from '../ui/DataTable';
import { EmptyState } from '../ui/EmptyState';
import { formatDuration, secondsSince } from '../ui/format';
import { useNow } from '../ui/useNow';

const m = defineMessages({
  inQueue: { id: 'wallboard.queues.inQueue' },
  inQueueTitle: { id: 'wallboard.queues.inQueueTitle' },
  oldest: { id: 'wallboard.queues.oldest' },
  oldestTitle: { id: 'wallboard.queues.oldestTitle' },
  serviceLevel: { id: 'wallboard.queues.serviceLevel' },
  serviceLevelTitle: { id: 'wallboard.queues.serviceLevelTitle' },
  tileAsa: { id: 'wallboard.tiles.asa' },
  asaTitle: { id: 'wallboard.queues.asaTitle' },
  aht: { id: 'wallboard.queues.aht' },
  ahtTitle: { id: 'wallboard.queues.ahtTitle' },
  staff: { id: 'wallboard.queues.staff' },
  staffTitle: { id: 'wallboard.queues.staffTitle' },
});

const column = columnsOf<QueueFigures>();
const duration = (seconds: number | null) => (seconds === null ? '—' : formatDuration(seconds));

function OldestAge({ queue }: { queue: QueueFigures }) {
  const age = secondsSince(queue.oldestContactArrivedAt, useNow());
  return <span className={(age ?? 0) > queue.serviceLevelThresholdSeconds ? 'danger' : undefined}>{duration(age)}</span>;
}

function ServiceLevel({ queue }: { queue: QueueFigures }) {
  const intl = useIntl();
  return (
    <span title={intl.formatMessage({ id: 'wallboard.queues.withinSeconds' }, { seconds: queue.serviceLevelThresholdSeconds })}>
      {queue.serviceLevelPercent === null
        ? '—'
        : intl.formatNumber(queue.serviceLevelPercent / 100, { style: 'percent', maximumFractionDigits: 1 })}
    </span>
  );
}

function HeaderWithTitle({ label, title }: { label: MessageDescriptor; title: MessageDescriptor }) {
  const intl = useIntl();
  return <span title={intl.formatMessage(title)}>{intl.formatMessage(label)}</span>;
}

const columns = [
  column.accessor('queueName', { header: () => <FormattedMessage id="wallboard.queues.queue" /> }),
  column.accessor('contactsInQueue', {
    header: () => <HeaderWithTitle label={m.inQueue} title={m.inQueueTitle} />,
    cell: (info) => <span className={`strong${info.getValue() > 0 ? ' warn' : ''}`}>{info.getValue()}</span>,
    meta: { numeric: true, cellTestId: 'wallboard-queue-waiting' },
  }),
  column.display({
    id: 'oldest',
    header: () => <HeaderWithTitle label={m.oldest} title={m.oldestTitle} />,
    cell: (info) => <OldestAge queue={info.row.original} />,
    meta: { numeric: true },
  }),
  column.display({
    id: 'serviceLevel',
    header: () => <HeaderWithTitle label={m.serviceLevel} title={m.serviceLevelTitle} />,
    cell: (info) => <ServiceLevel queue={info.row.original} />,
    meta: { numeric: true },
  }),
  column.accessor('contactsAnswered', {
    header: () => <FormattedMessage id="wallboard.tiles.answered" />,
    meta: { numeric: true, cellTestId: 'wallboard-queue-answered' },
  }),
  column.accessor('contactsAbandoned', { header: () => <FormattedMessage id="wallboard.tiles.abandoned" />, meta: { numeric: true } }),
  column.accessor('averageSpeedOfAnswerSeconds', {
    header: () => <HeaderWithTitle label={m.tileAsa} title={m.asaTitle} />,
    cell: (info) => duration(info.getValue()),
    meta: { numeric: true },
  }),
  column.accessor('averageHandleTimeSeconds', {
    header: () => <HeaderWithTitle label={m.aht} title={m.ahtTitle} />,
    cell: (info) => duration(info.getValue()),
    meta: { numeric: true },
  }),
  column.display({
    id: 'staff',
    header: () => <HeaderWithTitle label={m.staff} title={m.staffTitle} />,
    cell: ({ row: { original: q } }) => `${q.agentsAvailable}/${q.agentsOnContact}/${q.agentsAfterContactWork}/${q.agentsAway}`,
    meta: { numeric: true, cellTestId: 'wallboard-queue-staff' },
  }),
];

/** Per queue: what waits, how long, service level today, answered and abandoned, speed and handle time, staff. */
export function QueuesTable({ queues }: { queues: QueueFigures[] }) {
  return (
    <DataTable
      columns={columns}
      data={queues}
      getRowId={(queue) => queue.queueName}
      rowAttributes={(queue) => ({ 'data-testid': 'wallboard-queue', 'data-queue': queue.queueName })}
      empty={<EmptyState title={<FormattedMessage id="wallboard.queues.none" />} />}
      testId="wallboard-queues"
    />
  );
}
