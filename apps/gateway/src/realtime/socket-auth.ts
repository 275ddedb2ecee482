import { type AuthClaims, SocketRooms } from '@garda/contracts';
import { verifyAccessToken } from '@garda/service-kit';
import type { AgentSocket } from './socket-types';

/**
 * socket.io middleware: a connection needs a valid access token in its handshake
 * (`io(url, { auth: { token } })`). Without one the client gets `connect_error` with this message.
 */
export function socketAuthMiddleware(jwtSecret: string) {
  return (socket: AgentSocket, next: (error?: Error) => void) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token : undefined;
    if (!token) return next(new Error('unauthorized: an access token is required (auth.token)'));
    const claims = verifyAccessToken(token, jwtSecret);
    if (!claims) return next(new Error('unauthorized: the access token is invalid or expired'));
    socket.data.user = claims;
    next();
  };
}

/** The only rooms a socket ever joins, derived from its verified claims; clients never choose rooms. */
export function roomsFor(user: AuthClaims): string[] {
  const rooms = [SocketRooms.agent(user.tenantId, user.sub)];
  if (user.role === 'supervisor' || user.role === 'admin') rooms.push(SocketRooms.supervisors(user.tenantId));
  return rooms;
}
