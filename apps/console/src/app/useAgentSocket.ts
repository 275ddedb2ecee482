import type { ServerToAgentEvents } from '@garda/contracts';
import { useEffect, useRef, useState } from 'react';
import { type AgentSocket, connectAgentSocket } from '../api/socket';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** The session's socket and whether it is up; socket.io retries on its own after a drop. */
export function useAgentSocket(token: string, onRefused: (reason: string) => void) {
  const [socket, setSocket] = useState<AgentSocket>();
  const [state, setState] = useState<ConnectionState>('connecting');
  const refusedRef = useRef(onRefused);
  refusedRef.current = onRefused;

  useEffect(() => {
    const created = connectAgentSocket(token);
    setSocket(created);
    created.on('connect', () => setState('connected'));
    created.on('disconnect', () => setState('reconnecting'));
    created.on('connect_error', (error) => {
      if (/unauthorized/.test(error.message)) {
        setState('refused');
        created.disconnect();
        refusedRef.current(error.message);
      } else {
        setState('reconnecting');
      }
    });
    return () => {
      created.removeAllListeners();
      created.disconnect();
    };
  }, [token]);

  return { socket, state };
}

/** Subscribes a component to one server event for as long as it is mounted. */
export function useSocketEvent<E extends keyof ServerToAgentEvents>(
  socket: AgentSocket | undefined,
  event: E,
  handler: ServerToAgentEvents[E],
) {
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<ServerToAgentEvents[E]>) =>
      (handlerRef.current as (...a: unknown[]) => void)(...args)) as ServerToAgentEvents[E];
    const on = socket.on.bind(socket) as (e: E, l: ServerToAgentEvents[E]) => void;
    const off = socket.off.bind(socket) as (e: E, l: ServerToAgentEvents[E]) => void;
    on(event, listener);
    return () => off(event, listener);
  }, [socket, event]);
}
