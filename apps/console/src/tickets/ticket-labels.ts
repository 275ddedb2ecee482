import { defineMessages } from 'react-intl';

/** Literal ids (the catalogue check extracts them) for the values the tickets screens show. */
export const viewLabels = defineMessages({
  'my-open': { id: 'tickets.view.my-open' },
  'my-waiting': { id: 'tickets.view.my-waiting' },
  'my-solved': { id: 'tickets.view.my-solved' },
  unassigned: { id: 'tickets.view.unassigned' },
  breaching: { id: 'tickets.view.breaching' },
  'all-open': { id: 'tickets.view.all-open' },
  all: { id: 'tickets.view.all' },
});

export const priorityLabels = defineMessages({
  low: { id: 'tickets.priority.low' },
  normal: { id: 'tickets.priority.normal' },
  high: { id: 'tickets.priority.high' },
  urgent: { id: 'tickets.priority.urgent' },
});

export const typeLabels = defineMessages({
  question: { id: 'tickets.type.question' },
  incident: { id: 'tickets.type.incident' },
  problem: { id: 'tickets.type.problem' },
  complaint: { id: 'tickets.type.complaint' },
  request: { id: 'tickets.type.request' },
  task: { id: 'tickets.type.task' },
});

export const actorLabels = defineMessages({
  agent: { id: 'tickets.actor.agent' },
  supervisor: { id: 'tickets.actor.supervisor' },
  admin: { id: 'tickets.actor.admin' },
  customer: { id: 'tickets.actor.customer' },
  system: { id: 'tickets.actor.system' },
});

export const fieldLabels = defineMessages({
  subject: { id: 'tickets.field.subject' },
  status: { id: 'tickets.field.status' },
  priority: { id: 'tickets.field.priority' },
  type: { id: 'tickets.field.type' },
  tags: { id: 'tickets.field.tags' },
  assignee: { id: 'tickets.field.assignee' },
  queue: { id: 'tickets.field.queue' },
  customer: { id: 'tickets.field.customer' },
  sla: { id: 'tickets.field.sla' },
});

export const panelLabels = defineMessages({
  badTags: { id: 'tickets.panel.badTags' },
  views: { id: 'tickets.views' },
  searchPlaceholder: { id: 'tickets.search.placeholder' },
  searchResults: { id: 'tickets.search.results' },
});
