export { WebchatClient, type WebchatClientOptions } from './webchat-client';
export * from './types';
