export * from './scratch-database';
export * from './wait';
export * from './fake-twilio-voice';
export * from './topic-recorder';
export * from './platform-services';
