export * from './scratch-database';
export * from './wait';
export * from './fake-twilio-voice';
