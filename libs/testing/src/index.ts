export * from './scratch-database';
export * from './wait';
export * from './fake-twilio-voice';
export * from './topic-recorder';
export * from './platform-services';
export * from './service-tier/service-tier';
export * from './service-tier/recording-publisher';
export * from './service-tier/in-process-consumer';
