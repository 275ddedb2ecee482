import { SocketRooms } from '@garda/contracts';
import { signAccessToken } from '@garda/service-kit';
import { roomsFor, socketAuthMiddleware } from './socket-auth';
import type { AgentSocket } from './socket-types';

const SECRET = 'unit-test-secret-0123456789';
const claims = {
  sub: '00000000-0000-4000-8000-000000000201',
  tenantId: '00000000-0000-4000-8000-000000000001',
  role: 'agent' as const,
  name: 'Alice',
};

function handshake(auth: unknown) {
  const socket = { handshake: { auth }, data: {} } as unknown as AgentSocket;
  const next = jest.fn();
  socketAuthMiddleware(SECRET)(socket, next);
  return { socket, error: next.mock.calls[0]?.[0] as Error | undefined };
}

describe('socket authentication', () => {
  it('accepts a valid token and keeps its claims on the socket', () => {
    const { socket, error } = handshake({ token: signAccessToken(claims, SECRET) });
    expect(error).toBeUndefined();
    expect(socket.data.user).toEqual(claims);
  });

  it('refuses a missing, forged or non-string token with a message', () => {
    for (const auth of [
      undefined,
      {},
      { token: 42 },
      { token: 'garbage' },
      { token: signAccessToken(claims, 'another-secret-0123456789') },
    ]) {
      const { socket, error } = handshake(auth);
      expect(error?.message).toMatch(/^unauthorized: /);
      expect(socket.data.user).toBeUndefined();
    }
  });

  it("puts an agent in their own room only, and a supervisor also in their tenant's supervisors room", () => {
    expect(roomsFor(claims)).toEqual([SocketRooms.agent(claims.tenantId, claims.sub)]);
    expect(roomsFor({ ...claims, role: 'supervisor' })).toEqual([
      SocketRooms.agent(claims.tenantId, claims.sub),
      SocketRooms.supervisors(claims.tenantId),
    ]);
  });
});
