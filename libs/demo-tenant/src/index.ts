export * from './demo-tenant';
