import { BadGatewayException, Inject, Injectable } from '@nestjs/common';
import { ChannelSchema, type PrivacySubject } from '@garda/contracts';
import { NotFoundError } from '@garda/service-kit';
import { z } from 'zod';
import { EXPORTING_SERVICES, type ExportingService, PRIVACY_UPSTREAMS, type PrivacyUpstreams } from './privacy-upstreams';

/** What the gateway reads from customers' and tickets' parts to know whom the others must look for. */
const CustomerPart = z.object({
  customer: z.object({ displayName: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }),
  identities: z.array(z.object({ value: z.string() })),
});
const TicketsPart = z.object({
  conversations: z.array(
    z.object({
      id: z.uuid(),
      channel: ChannelSchema,
      account_id: z.string(),
      thread_key: z.string(),
      customer_name: z.string().nullable(),
      recipient_value: z.string(),
    }),
  ),
});

export interface CallerCredentials {
  authorization: string;
  correlationId?: string;
}

/**
 * Finds and collects a customer's data across the services that own it, with the admin's own token
 * (each service checks role and tenant itself). customers and tickets go first: their parts say who
 * the person is (names, addresses, identities) and where they wrote (threads, conversations), which
 * is how the others find their rows.
 */
@Injectable()
export class CustomerData {
  constructor(@Inject(PRIVACY_UPSTREAMS) private readonly upstreams: PrivacyUpstreams) {}

  async subjectOf(customerId: string, caller: CallerCredentials): Promise<{ subject: PrivacySubject; parts: Record<string, unknown> }> {
    const bare: PrivacySubject = { customerId, terms: [], threads: [], conversationIds: [] };
    const customerPart = await this.part('customers', bare, caller);
    const ticketsPart = await this.part('tickets', bare, caller);
    const customer = parsePart('customers', CustomerPart, customerPart);
    const { conversations } = parsePart('tickets', TicketsPart, ticketsPart);
    const terms = new Set<string>();
    for (const value of [customer.customer.displayName, customer.customer.email, customer.customer.phone]) if (value) terms.add(value);
    for (const identity of customer.identities) terms.add(identity.value);
    for (const conversation of conversations) {
      if (conversation.customer_name) terms.add(conversation.customer_name);
      if (!conversation.thread_key.startsWith('erased:')) terms.add(conversation.recipient_value);
    }
    const threads = conversations
      .filter((conversation) => !conversation.thread_key.startsWith('erased:'))
      .map((conversation) => ({ channel: conversation.channel, accountId: conversation.account_id, threadKey: conversation.thread_key }));
    const subject: PrivacySubject = {
      customerId,
      terms: [...terms].filter((term) => term.length <= 320).slice(0, 200),
      threads: dedupe(threads).slice(0, 1000),
      conversationIds: conversations.map((conversation) => conversation.id).slice(0, 1000),
    };
    return { subject, parts: { customers: customerPart, tickets: ticketsPart } };
  }

  /** The whole export: one JSON document with each service's part under its name. */
  async export(customerId: string, tenantId: string, caller: CallerCredentials) {
    const { subject, parts } = await this.subjectOf(customerId, caller);
    const rest = EXPORTING_SERVICES.filter((service) => !(service in parts));
    const others = await Promise.all(rest.map(async (service) => [service, await this.part(service, subject, caller)] as const));
    const services = Object.fromEntries([...Object.entries(parts), ...others]);
    return {
      format: 'garda.customer-export.v1',
      exportedAt: new Date().toISOString(),
      tenantId,
      customerId,
      services: Object.fromEntries(EXPORTING_SERVICES.map((service) => [service, services[service]])),
    };
  }

  private async part(service: ExportingService, subject: PrivacySubject, caller: CallerCredentials): Promise<unknown> {
    const response = await this.upstreams[service].request('POST', '/privacy/export', caller.authorization, caller.correlationId, subject);
    if (response.status === 404 && service === 'customers') throw new NotFoundError('No such customer');
    if (response.status !== 200) {
      throw new BadGatewayException(`the ${service} service could not export its part (status ${response.status})`);
    }
    return response.body;
  }
}

function parsePart<T extends z.ZodType>(service: string, schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new BadGatewayException(`the ${service} service answered an export the gateway cannot read`);
  return parsed.data;
}

function dedupe<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
