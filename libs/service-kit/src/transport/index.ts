export * from './event-context';
export * from './event-pattern';
export * from './garda-kafka-transport';
export * from './handler-inventory';
