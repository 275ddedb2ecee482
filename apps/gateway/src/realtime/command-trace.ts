import type { AuthClaims } from '@garda/contracts';
import type { Logger, ServiceObservability } from '@garda/service-kit';
import type { DataSource } from 'typeorm';
import { contactTraces } from './contact-traces';

/** Which field of a command names the contact it is about (commands about no contact start their own trace). */
const CONTACT_OF: Record<string, 'contactId' | 'conversationId'> = {
  'offer:accept': 'contactId',
  'offer:reject': 'contactId',
  'conversation:reply': 'conversationId',
};

/** What tracing a command needs: the contact traces (database), the tracer and the log. */
export interface CommandTraceParts {
  dataSource: DataSource;
  observability: Pick<ServiceObservability, 'traceWork'>;
  logger: Pick<Logger, 'warn' | 'info' | 'debug'>;
}

/**
 * Runs an agent's socket command inside the trace and correlation of the contact it is about, so
 * accept → assignment → reply → delivery stay the customer's one trace and their log lines share
 * its correlation id. Without a known contact, the command still gets a span and a correlation id.
 */
export async function inContactTrace<T>(
  runtime: CommandTraceParts,
  event: string,
  user: AuthClaims,
  body: unknown,
  work: () => Promise<T>,
): Promise<T> {
  const field = CONTACT_OF[event];
  const id = field && body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  const trace =
    typeof id === 'string'
      ? await contactTraces.find(runtime.dataSource, user.tenantId, { [field]: id }).catch((error: unknown) => {
          // Tracing must never cost the agent the command.
          runtime.logger.warn({ err: error, event }, 'contact trace lookup failed; the command starts a new trace');
          return undefined;
        })
      : undefined;
  return runtime.observability.traceWork(
    `socket ${event}`,
    { ...trace, tenantId: user.tenantId },
    { 'messaging.system': 'socket.io', 'messaging.operation.name': event, 'enduser.id': user.sub },
    async () => {
      const result = await work();
      // One line per command, in the contact's trace and correlation (the logger's mixin adds them);
      // typing repeats every few seconds, so it is only worth a debug line.
      const ok = (result as { ok?: unknown } | undefined)?.ok;
      runtime.logger[event === 'conversation:typing' ? 'debug' : 'info']({ event, userId: user.sub, ok }, 'agent command handled');
      return result;
    },
  );
}
