// Jest globalSetup of the `service` project (the service tier, docs/testing.md): a fresh PostgreSQL
// database for the run and no Kafka broker — the tier replaces Kafka with an in-process consumer and
// a recorder. Torn down by tools/testing/global-teardown.cjs, as the integration project's.
module.exports = () => require('./global-setup.cjs').provision({ kafka: false, project: 'service' });
