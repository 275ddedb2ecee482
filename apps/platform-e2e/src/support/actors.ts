// The actors (agent, web-chat customer) live in libs/testing (benchmarks use them too); re-exported for these tests.
export { AgentClient, type AgentSocket, login, waitUntil, WebChatCustomer } from '@garda/testing';
