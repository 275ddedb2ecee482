import { zodResolver } from '@hookform/resolvers/zod';
import { TicketPrioritySchema, TicketStatusSchema, TicketTagSchema, TicketTypeSchema } from '@garda/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { FormattedMessage, useIntl } from 'react-intl';
import { z } from 'zod';
import { ApiError } from '../api/http';
import { useGateway, useSession } from '../session/SessionProvider';
import { ticketStatusLabel } from '../ui/ticket-status';
import { SlaCountdown } from './SlaCountdown';
import { actorLabels, fieldLabels, panelLabels, priorityLabels, typeLabels } from './ticket-labels';
import { type TicketDetail, ticketQueries } from './ticket-queries';

const FieldsSchema = z.object({
  status: TicketStatusSchema,
  priority: TicketPrioritySchema,
  type: TicketTypeSchema.or(z.literal('')),
  tags: z.string().refine(
    (value) =>
      value
        .split(/[\s,]+/)
        .filter(Boolean)
        .every((tag) => TicketTagSchema.safeParse(tag).success),
    {
      message: 'bad tags',
    },
  ),
});
type Fields = z.infer<typeof FieldsSchema>;

/** One ticket: its number, status, priority, type, tags and SLA countdown, editable, with its history. */
export function TicketPanel({ ticketId }: { ticketId: string }) {
  const gateway = useGateway();
  const { user } = useSession();
  const query = useQuery(ticketQueries.detail(gateway, ticketId));
  if (!query.data)
    return <aside className="ticket-panel muted">{query.error ? String(query.error) : <FormattedMessage id="common.loading" />}</aside>;
  return <TicketFields key={`${query.data.id}:${query.data.updatedAt}`} ticket={query.data} userId={user.id} />;
}

function TicketFields({ ticket, userId }: { ticket: TicketDetail; userId: string }) {
  const intl = useIntl();
  const gateway = useGateway();
  const client = useQueryClient();
  const form = useForm<Fields>({
    resolver: zodResolver(FieldsSchema),
    defaultValues: { status: ticket.status, priority: ticket.priority, type: ticket.type ?? '', tags: ticket.tags.join(' ') },
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['tickets'] });
  const save = useMutation({
    mutationFn: (fields: Fields) =>
      gateway.patch<TicketDetail>(`/tickets/${ticket.id}`, {
        ...(fields.status !== ticket.status ? { status: fields.status } : {}),
        priority: fields.priority,
        type: fields.type === '' ? null : fields.type,
        tags: fields.tags.split(/[\s,]+/).filter(Boolean),
      }),
    onSuccess: refresh,
  });
  const take = useMutation({ mutationFn: () => gateway.post<TicketDetail>(`/tickets/${ticket.id}/take`), onSuccess: refresh });
  const failure = save.error instanceof ApiError ? save.error.message : take.error instanceof ApiError ? take.error.message : null;
  const tagsError = form.formState.errors.tags?.message;

  return (
    <aside className="ticket-panel" data-testid="ticket-panel" data-ticket-number={ticket.number} data-status={ticket.status}>
      <header>
        <h2 data-testid="ticket-number">#{ticket.number}</h2>
        <p>{ticket.subject}</p>
        <p className="small">
          <FormattedMessage id="tickets.panel.sla" /> <SlaCountdown dueAt={ticket.slaDueAt} />
        </p>
        {ticket.assigneeId === null && (
          <button data-testid="ticket-take" disabled={take.isPending} onClick={() => take.mutate()}>
            <FormattedMessage id="tickets.panel.take" />
          </button>
        )}
        {ticket.assigneeId === userId && (
          <span className="muted small">
            <FormattedMessage id="tickets.panel.yours" />
          </span>
        )}
      </header>
      <form onSubmit={form.handleSubmit((fields) => save.mutate(fields))} className="ticket-fields">
        <label>
          <FormattedMessage id="tickets.field.status" />
          <select data-testid="ticket-status" {...form.register('status')}>
            {TicketStatusSchema.options.map((status) => (
              <option key={status} value={status}>
                {ticketStatusLabel(intl, status)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <FormattedMessage id="tickets.field.priority" />
          <select data-testid="ticket-priority" {...form.register('priority')}>
            {TicketPrioritySchema.options.map((priority) => (
              <option key={priority} value={priority}>
                {intl.formatMessage(priorityLabels[priority])}
              </option>
            ))}
          </select>
        </label>
        <label>
          <FormattedMessage id="tickets.field.type" />
          <select data-testid="ticket-type" {...form.register('type')}>
            <option value="">—</option>
            {TicketTypeSchema.options.map((type) => (
              <option key={type} value={type}>
                {intl.formatMessage(typeLabels[type])}
              </option>
            ))}
          </select>
        </label>
        <label>
          <FormattedMessage id="tickets.field.tags" />
          <input data-testid="ticket-tags" {...form.register('tags')} />
          {tagsError && <span className="danger small">{intl.formatMessage(panelLabels.badTags)}</span>}
        </label>
        <button type="submit" data-testid="ticket-save" disabled={save.isPending}>
          <FormattedMessage id="tickets.panel.save" />
        </button>
        {failure && (
          <p className="danger small" data-testid="ticket-error" role="alert">
            {failure}
          </p>
        )}
      </form>
      <h3>
        <FormattedMessage id="tickets.panel.history" />
      </h3>
      <ol className="ticket-history" data-testid="ticket-history">
        {ticket.history.map((entry, index) => (
          <li key={index} data-field={entry.field}>
            <span className="muted small">{intl.formatDate(entry.changedAt, { dateStyle: 'short', timeStyle: 'short' })}</span>{' '}
            <FormattedMessage
              id="tickets.history.entry"
              values={{
                who: entry.actorName ?? intl.formatMessage(actorLabels[entry.actorType]),
                field: intl.formatMessage(fieldLabels[entry.field]),
                from: entry.field === 'status' && entry.from ? ticketStatusLabel(intl, entry.from) : (entry.from ?? '—'),
                to: entry.field === 'status' && entry.to ? ticketStatusLabel(intl, entry.to) : (entry.to ?? '—'),
              }}
            />
          </li>
        ))}
      </ol>
    </aside>
  );
}
