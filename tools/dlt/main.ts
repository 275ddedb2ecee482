// `npm run dlt -- list|show|replay`: the dead-letter topics, read and replayed (docs/operations.md,
// "Dead letters"). Talks to the broker in KAFKA_BROKERS, with the services' own KAFKA_SSL/KAFKA_SASL_*.
import { parseArgs } from 'node:util';
import { createKafkaClient } from '@garda/messaging';
import { createLogger, kafkaSecurityOptions, transportSecurityConfigShape } from '@garda/service-kit';
import { z } from 'zod';
import { countDeadLetters, type DeadLetter, deadLetterTopicOf, readDeadLetters, replayDeadLetters } from './dead-letters';

const USAGE = `Usage (KAFKA_BROKERS=host:port):
  npm run dlt -- list                               dead-letter topics with their message counts
  npm run dlt -- list <topic>                       the dead letters of one topic: position, time, message id, tenant, reason
  npm run dlt -- show <topic> <partition:offset>    one dead letter in full: headers and payload
  npm run dlt -- replay <topic> <partition:offset>... | --all [--tenant <id>] [--dry-run]
                                                    publish them back to their source topic (the inbox applies each message id once)
<topic> is a topic or its dead-letter topic: tickets.outbound-message.v1 or tickets.outbound-message.v1.dlt`;

const say = (line = '') => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      all: { type: 'boolean', default: false },
      tenant: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, topicArgument, ...positions] = positionals;
  if (values.help || !command) {
    say(USAGE);
    return command || values.help ? 0 : 2;
  }
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new UsageError('KAFKA_BROKERS is not set (the broker the services use, e.g. 127.0.0.1:9092)');
  const security = z.object(transportSecurityConfigShape).safeParse(process.env);
  if (!security.success) throw new UsageError(`Kafka security settings: ${security.error.issues.map((issue) => issue.message).join('; ')}`);
  const kafka = createKafkaClient({
    brokers: brokers.split(',').map((broker) => broker.trim()),
    clientId: 'garda-dlt',
    logger: createLogger('dlt', 'error'),
    security: kafkaSecurityOptions(security.data),
  });

  if (command === 'list' && !topicArgument) {
    const counts = await countDeadLetters(kafka);
    const waiting = counts.filter(({ messages }) => messages > 0);
    for (const { topic, messages } of waiting) say(`${String(messages).padStart(6)}  ${topic}`);
    say(
      waiting.length === 0
        ? 'No dead letters.'
        : `${waiting.reduce((sum, { messages }) => sum + messages, 0)} dead letters in ${waiting.length} topics.`,
    );
    return 0;
  }
  if (!topicArgument) throw new UsageError(`${command} needs a topic`);
  const topic = deadLetterTopicOf(topicArgument);
  const letters = await readDeadLetters(kafka, topic);

  switch (command) {
    case 'list':
      for (const letter of letters) say(summary(letter));
      say(`${letters.length} dead letters in ${topic}.`);
      return 0;
    case 'show': {
      if (positions.length !== 1) throw new UsageError('show needs one <partition:offset>');
      const [letter] = pick(letters, positions, topic);
      say(summary(letter));
      say(`key: ${letter.key}`);
      for (const [name, value] of Object.entries(letter.headers)) say(`header ${name}: ${value}`);
      say('payload:');
      say(pretty(letter.value));
      return 0;
    }
    case 'replay': {
      if (values.all === positions.length > 0) throw new UsageError('replay needs either <partition:offset>... or --all');
      const chosen = (values.all ? letters : pick(letters, positions, topic)).filter(
        (letter) => values.tenant === undefined || letter.tenantId === values.tenant,
      );
      const result = await replayDeadLetters(kafka, chosen, { dryRun: values['dry-run'] });
      for (const { letter, reason } of result.invalid) say(`skipped ${position(letter)}: still invalid (${reason})`);
      for (const letter of result.replayed)
        say(`${values['dry-run'] ? 'would replay' : 'replayed'} ${position(letter)} → ${letter.sourceTopic}`);
      say(`${result.replayed.length} ${values['dry-run'] ? 'to replay' : 'replayed'}, ${result.invalid.length} skipped.`);
      return result.invalid.length > 0 ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

class UsageError extends Error {}

const position = (letter: DeadLetter) => `${letter.partition}:${letter.offset}`;

function summary(letter: DeadLetter): string {
  return [
    position(letter).padEnd(8),
    letter.at.toISOString(),
    letter.messageId ?? '(no message id)',
    letter.tenantId ?? '(no tenant)',
    letter.reason.replace(/\s+/g, ' ').slice(0, 160),
  ].join('  ');
}

function pick(letters: DeadLetter[], positions: string[], topic: string): DeadLetter[] {
  return positions.map((wanted) => {
    if (!/^\d+:\d+$/.test(wanted)) throw new UsageError(`"${wanted}" is not a <partition:offset>`);
    const letter = letters.find((candidate) => position(candidate) === wanted);
    if (!letter) throw new UsageError(`no dead letter at ${wanted} in ${topic}`);
    return letter;
  });
}

function pretty(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dlt: ${(error as Error).message}\n${error instanceof UsageError ? `\n${USAGE}\n` : ''}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
