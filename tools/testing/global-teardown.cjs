// Jest globalTeardown of the `integration` project: undoes tools/testing/global-setup.cjs —
// drops the run's database, stops the broker (and embedded PostgreSQL, if one was started),
// and removes the temp state dir. Runs in the same process as the setup.
const { rm } = require('node:fs/promises');

const STATE_KEY = Symbol.for('garda.integration.infra');

module.exports = async function globalTeardown() {
  const state = globalThis[STATE_KEY];
  if (!state) return;
  delete globalThis[STATE_KEY];
  const errors = [];
  // Drop first: an embedded server must still be running to drop on it.
  await state.cleanup().catch((error) => errors.push(error));
  await state.stop().catch((error) => errors.push(error));
  await rm(state.stateDir, { recursive: true, force: true }).catch((error) => errors.push(error));
  if (errors.length > 0) {
    throw new AggregateError(errors, `integration teardown: ${errors.map((error) => error.message).join('; ')}`);
  }
};
