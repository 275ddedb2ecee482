// Creates every Kafka topic declared in libs/contracts with its partition count (idempotent).
// Used by the Kubernetes topics Job and docker-compose; services also ensure topics on start.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
require(path.join(root, 'tools/swc-register.cjs'));
const { createTopicsFromEnv } = require(path.join(root, 'tools/platform/create-topics.ts'));

createTopicsFromEnv().then(
  (created) => process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'topics ready', created })}\n`),
  (error) => {
    process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: `topic creation failed: ${error.message}` })}\n`);
    process.exit(1);
  },
);
