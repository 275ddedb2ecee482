// The integration tests' environment: every service log line written while a test runs (services
// booted in-process log through service-kit's createLogger, child processes through
// libs/testing's platformServices) goes to a file of that test's own,
// tmp/test-logs/<test file>/<test name>.log, and is printed only when the test fails, so the
// report of a green run is the tests' names and the report of a red one shows what the services said.
const { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } = require('node:fs');
const path = require('node:path');
const { TestEnvironment } = require('jest-environment-node');

const ROOT = path.resolve(__dirname, '../..');
const LOGS = path.join(ROOT, 'tmp/test-logs');
/** What a failure prints at the most: the end of the log, where the failure is. */
const PRINTED_LINES = 200;

class TestLogEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.dir = path.join(LOGS, path.relative(ROOT, context.testPath));
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    this.switchTo('hooks');
    this.global.__gardaTestLog = (text) => {
      if (this.fd !== undefined) writeSync(this.fd, text);
    };
  }

  /** Lines outside any test (beforeAll, afterAll, between tests) land in hooks.log. */
  switchTo(name) {
    if (this.fd !== undefined) closeSync(this.fd);
    this.file = path.join(this.dir, `${name}.log`);
    this.fd = openSync(this.file, 'a');
  }

  handleTestEvent(event) {
    if (event.name === 'test_start') this.switchTo(fileName(event.test));
    if (event.name === 'test_done') {
      if (event.test.errors.length > 0) this.print(fullName(event.test));
      this.switchTo('hooks');
    }
    if (event.name === 'hook_failure' && (event.hook.type === 'beforeAll' || event.hook.type === 'afterAll')) this.print(event.hook.type);
  }

  print(what) {
    const lines = readFileSync(this.file, 'utf8').trimEnd().split('\n').filter(Boolean);
    const shown = lines.slice(-PRINTED_LINES);
    const where = path.relative(ROOT, this.file);
    process.stderr.write(
      lines.length === 0
        ? `\n--- no service logs during "${what}" (${where})\n`
        : `\n--- service logs during "${what}" (${shown.length} of ${lines.length} lines, all in ${where})\n${shown.join('\n')}\n--- end of service logs\n`,
    );
  }

  async teardown() {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    await super.teardown();
  }
}

function fullName(test) {
  const names = [];
  for (let block = test; block && block.name !== 'ROOT_DESCRIBE_BLOCK'; block = block.parent) names.unshift(block.name);
  return names.join(' › ');
}

function fileName(test) {
  const slug = fullName(test)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 120);
  return test.invocations > 1 ? `${slug}.${test.invocations}` : slug;
}

module.exports = TestLogEnvironment;
