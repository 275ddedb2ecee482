export * from './scratch-database';
export * from './wait';
