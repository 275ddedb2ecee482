import type { AgentToServerEvents, AuthClaims, ServerToAgentEvents } from '@garda/contracts';
import type { Server, Socket } from 'socket.io';

/** What the gateway keeps on each authenticated socket. */
export interface AgentSocketData {
  user: AuthClaims;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoInterServerEvents = {};

export type AgentServer = Server<AgentToServerEvents, ServerToAgentEvents, NoInterServerEvents, AgentSocketData>;
export type AgentSocket = Socket<AgentToServerEvents, ServerToAgentEvents, NoInterServerEvents, AgentSocketData>;
