import { type AuthClaims, Topics } from '@garda/contracts';
import type { TransactionContext, UnitOfWork } from '@garda/messaging';
import { AgentCommands } from './agent-commands';

const TENANT = '00000000-0000-4000-8000-000000000001';
const agent: AuthClaims = { sub: '00000000-0000-4000-8000-000000000201', tenantId: TENANT, role: 'agent', name: 'Alice Agent' };
const supervisor: AuthClaims = {
  sub: '00000000-0000-4000-8000-000000000301',
  tenantId: TENANT,
  role: 'supervisor',
  name: 'Sam Supervisor',
};
const BOB = '00000000-0000-4000-8000-000000000202';
const NOW = new Date('2026-01-02T03:04:05.000Z');

function setup({ agentExists = true } = {}) {
  const publish = jest.fn(async () => undefined);
  const existsBy = jest.fn(async () => agentExists);
  const context = { publish, manager: { getRepository: () => ({ existsBy }) } } as unknown as TransactionContext;
  const unitOfWork = { run: jest.fn((work: (tx: TransactionContext) => Promise<unknown>) => work(context)) } as unknown as UnitOfWork;
  return { commands: new AgentCommands(unitOfWork, () => NOW), publish, existsBy };
}

describe('AgentCommands', () => {
  it("publishes an agent's own state change keyed by tenant", async () => {
    const { commands, publish } = setup();
    await expect(commands.setState(agent, { state: 'away', reason: 'lunch' })).resolves.toEqual({ ok: true });
    expect(publish).toHaveBeenCalledWith(
      Topics.AgentStateRequested,
      { tenantId: TENANT, agentId: agent.sub, state: 'away', reason: 'lunch', requestedBy: agent.sub, requestedAt: NOW.toISOString() },
      { tenantId: TENANT, key: TENANT },
    );
  });

  it("refuses an agent changing another agent's state, and publishes nothing", async () => {
    const { commands, publish } = setup();
    const ack = await commands.setState(agent, { state: 'offline', agentId: BOB });
    expect(ack.ok).toBe(false);
    expect(publish).not.toHaveBeenCalled();
  });

  it("lets a supervisor change an agent's state in their own tenant only", async () => {
    const allowed = setup();
    await expect(allowed.commands.setState(supervisor, { state: 'offline', agentId: BOB })).resolves.toEqual({ ok: true });
    expect(allowed.existsBy).toHaveBeenCalledWith({ id: BOB, tenantId: TENANT });
    expect(allowed.publish).toHaveBeenCalledWith(
      Topics.AgentStateRequested,
      expect.objectContaining({ agentId: BOB, requestedBy: supervisor.sub }),
      expect.anything(),
    );

    const elsewhere = setup({ agentExists: false });
    const ack = await elsewhere.commands.setState(supervisor, { state: 'offline', agentId: BOB });
    expect(ack).toEqual({ ok: false, error: 'no such agent in your tenant' });
    expect(elsewhere.publish).not.toHaveBeenCalled();
  });

  it('answers invalid commands with an error and publishes nothing', async () => {
    const { commands, publish } = setup();
    for (const ack of [
      await commands.setState(agent, { state: 'sleeping' }),
      await commands.setState(agent, undefined),
      await commands.respondToOffer(agent, { contactId: 'not-a-uuid' }, 'accept'),
      await commands.reply(agent, { conversationId: BOB, messageId: BOB, text: '   ' }),
    ]) {
      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(ack.error).toMatch(/^invalid command: /);
    }
    expect(publish).not.toHaveBeenCalled();
  });

  it('publishes an offer response as the calling agent', async () => {
    const { commands, publish } = setup();
    const contactId = '5f0c4b7e-2a4d-4f4e-9a53-0b3c2f1e9d10';
    await expect(commands.respondToOffer(agent, { contactId }, 'reject')).resolves.toEqual({ ok: true });
    expect(publish).toHaveBeenCalledWith(
      Topics.OfferResponded,
      { tenantId: TENANT, agentId: agent.sub, contactId, response: 'reject', respondedAt: NOW.toISOString() },
      { tenantId: TENANT, key: TENANT },
    );
  });

  it('publishes a reply keyed by conversation, with the desk-chosen message id as idempotency key', async () => {
    const { commands, publish } = setup();
    const conversationId = '9b2f2f0e-7d7b-4a57-8d0e-3f6a1c2b4d5e';
    const messageId = '1c6f8a2e-5b3d-4e9f-a1b2-c3d4e5f6a7b8';
    await commands.reply(agent, { conversationId, messageId, text: 'Hello!', internal: true });
    expect(publish).toHaveBeenCalledWith(
      Topics.ReplySubmitted,
      {
        tenantId: TENANT,
        agentId: agent.sub,
        agentName: 'Alice Agent',
        conversationId,
        messageId,
        text: 'Hello!',
        internal: true,
        submittedAt: NOW.toISOString(),
      },
      { tenantId: TENANT, key: conversationId, messageId: `reply:${messageId}` },
    );
  });
});
