import { type AuthClaims, Topics } from '@garda/contracts';
import { TypingCommands } from './typing-commands';

const TENANT = '00000000-0000-4000-8000-000000000001';
const agent: AuthClaims = { sub: '00000000-0000-4000-8000-000000000201', tenantId: TENANT, role: 'agent', name: 'Alice Agent' };
const CONVERSATION = '00000000-0000-4000-8000-000000000901';
const NOW = new Date('2026-01-02T03:04:05.000Z');

describe('TypingCommands', () => {
  it("publishes the agent's typing keyed by conversation, with the agent's name from the token", async () => {
    const publish = jest.fn(async () => undefined);
    const commands = new TypingCommands({ publish }, () => NOW);
    await expect(commands.typing(agent, { conversationId: CONVERSATION })).resolves.toEqual({ ok: true });
    expect(publish).toHaveBeenCalledWith(
      Topics.AgentTyping,
      { tenantId: TENANT, agentId: agent.sub, agentName: 'Alice Agent', conversationId: CONVERSATION, at: NOW.toISOString() },
      { tenantId: TENANT, key: CONVERSATION },
    );
  });

  it('refuses a malformed command and publishes nothing', async () => {
    const publish = jest.fn(async () => undefined);
    const ack = await new TypingCommands({ publish }).typing(agent, { conversationId: 'nope' });
    expect(ack.ok).toBe(false);
    expect(publish).not.toHaveBeenCalled();
  });
});
