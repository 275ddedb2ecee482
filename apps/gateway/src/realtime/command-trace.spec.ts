import type { AuthClaims } from '@garda/contracts';
import { logContext } from '@garda/messaging';
import { ServiceObservability, traceIdsOf } from '@garda/service-kit';
import type { DataSource } from 'typeorm';
import { type CommandTraceParts, inContactTrace } from './command-trace';

const TENANT = '00000000-0000-4000-8000-000000000001';
const CONTACT = '00000000-0000-4000-8000-000000000501';
const CONTACT_TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const agent: AuthClaims = { sub: '00000000-0000-4000-8000-000000000201', tenantId: TENANT, role: 'agent', name: 'Alice Agent' };

function runtimeWith(query: jest.Mock) {
  const observability = new ServiceObservability('gateway', { isInitialized: false } as unknown as DataSource, 'gateway');
  // The log line's correlation comes from the log context (the logger's mixin): record it per call.
  const inContext = () => jest.fn(() => logContext.getStore()?.correlationId);
  const logger = { warn: jest.fn(), info: inContext(), debug: inContext() };
  return { runtime: { dataSource: { query }, observability, logger } as unknown as CommandTraceParts, logger };
}

const seeContext = async () => ({ ...logContext.getStore() });

describe('inContactTrace: agent commands in the trace of the contact they are about', () => {
  it("runs an accept as a child span of the contact's trace, with the contact's correlation id", async () => {
    const query = jest.fn(async () => [{ trace_parent: CONTACT_TRACE, correlation_id: 'contact-correlation' }]);
    const { runtime } = runtimeWith(query);
    const context = await inContactTrace(runtime, 'offer:accept', agent, { contactId: CONTACT }, seeContext);
    expect(query).toHaveBeenCalledWith(expect.stringContaining('"contact_id" = $2'), [TENANT, CONTACT]);
    expect(context.correlationId).toBe('contact-correlation');
    expect(context.tenantId).toBe(TENANT);
    expect(traceIdsOf(context.traceParent)?.trace_id).toBe(traceIdsOf(CONTACT_TRACE)?.trace_id);
    expect(traceIdsOf(context.traceParent)?.span_id).not.toBe(traceIdsOf(CONTACT_TRACE)?.span_id);
    // Events the command emits get producer spans of the same trace.
    expect(traceIdsOf(context.startProducerSpan?.('agents.offer-responded.v1'))?.trace_id).toBe(traceIdsOf(CONTACT_TRACE)?.trace_id);
  });

  it('logs each command once, inside the contact’s context, typing only at debug', async () => {
    const { runtime, logger } = runtimeWith(jest.fn(async () => [{ trace_parent: CONTACT_TRACE, correlation_id: 'contact-correlation' }]));
    await inContactTrace(runtime, 'offer:accept', agent, { contactId: CONTACT }, async () => ({ ok: true }));
    await inContactTrace(runtime, 'conversation:typing', agent, { conversationId: CONTACT }, async () => ({ ok: true }));
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith({ event: 'offer:accept', userId: agent.sub, ok: true }, 'agent command handled');
    expect(logger.info.mock.results[0].value).toBe('contact-correlation');
    expect(logger.debug).toHaveBeenCalledWith(expect.objectContaining({ event: 'conversation:typing' }), 'agent command handled');
  });

  it('finds a reply’s contact by its conversation', async () => {
    const query = jest.fn(async () => [{ trace_parent: CONTACT_TRACE, correlation_id: 'contact-correlation' }]);
    const { runtime } = runtimeWith(query);
    const context = await inContactTrace(runtime, 'conversation:reply', agent, { conversationId: CONTACT, text: 'hi' }, seeContext);
    expect(query).toHaveBeenCalledWith(expect.stringContaining('"conversation_id" = $2'), [TENANT, CONTACT]);
    expect(context.correlationId).toBe('contact-correlation');
  });

  it('gives commands about no known contact a trace and a correlation id of their own, without asking the database', async () => {
    const query = jest.fn(async () => []);
    const { runtime } = runtimeWith(query);
    const state = await inContactTrace(runtime, 'agent:set-state', agent, { state: 'available' }, seeContext);
    const unknown = await inContactTrace(runtime, 'offer:accept', agent, { contactId: CONTACT }, seeContext);
    const invalid = await inContactTrace(runtime, 'offer:accept', agent, { contactId: 'not-a-uuid' }, seeContext);
    expect(query).toHaveBeenCalledTimes(1); // only the well-formed contact id was looked up
    for (const context of [state, unknown, invalid]) {
      expect(context.traceParent).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
      expect(context.correlationId).toMatch(/^[\da-f-]{36}$/);
    }
    expect(traceIdsOf(state.traceParent)?.trace_id).not.toBe(traceIdsOf(unknown.traceParent)?.trace_id);
  });

  it('still runs the command when the lookup fails, and says so', async () => {
    const { runtime, logger } = runtimeWith(jest.fn(async () => Promise.reject(new Error('connection reset'))));
    await expect(inContactTrace(runtime, 'offer:accept', agent, { contactId: CONTACT }, async () => 'done')).resolves.toBe('done');
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ event: 'offer:accept' }), expect.stringContaining('new trace'));
  });
});
