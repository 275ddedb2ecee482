export * from './ticket-fields';
export * from './ticket-changed.v1';
export * from './survey-answered.v1';
export * from './ticket-api';
