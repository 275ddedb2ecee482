// Starts a real Apache Kafka broker (single-node KRaft, combined broker+controller) as a child
// process of this Node process, from jars resolved once from Maven Central. No Docker.
// Why this version and this shape: docs/adr/0002-kafka-broker-version.md.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm, writeFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { findFreePort, silentLogger, runCommand, tailOfFile, watchOverChild, InfraError } from './process-utils.mjs';

const { Kafka, logLevel } = kafkajs;

const POM_PATH = fileURLToPath(new URL('./kafka/pom.xml', import.meta.url));
const READY_TIMEOUT_MS = Number(process.env.GARDA_KAFKA_READY_TIMEOUT_MS ?? 90_000);
// Generous: the first broker of a jar cache writes its class-data archive while exiting.
const STOP_TIMEOUT_MS = 30_000;
const DEPENDENCY_PLUGIN_VERSION = '3.8.1'; // same as deploy/local/kafka/pom.xml

// Measured on the 2-core dev box (see ADR 0002): C1-only JIT and the serial collector start the
// broker noticeably faster and use less CPU than the defaults; a test broker never runs long
// enough for C2 to pay off.
const JVM_FLAGS = ['-Xms64m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xss512k', '-Djava.awt.headless=true'];

/**
 * @typedef {{ info: (msg: string) => void, warn: (msg: string) => void, error: (msg: string) => void }} Logger
 * @param {{ dataDir: string, port?: number, controllerPort?: number, logger?: Logger }} options
 * @returns {Promise<{ brokers: string, logFile: string, stop: () => Promise<void> }>}
 */
export async function startKafka({ dataDir, port, controllerPort, logger = silentLogger }) {
  if (!dataDir) throw new InfraError('startKafka: dataDir is required');
  const { java, major, versionLine } = await requireJava();
  const { classpath, cacheDir } = await ensureKafkaCache(logger);

  const brokerPort = port ?? (await findFreePort());
  const quorumPort = controllerPort ?? (await findFreePort([brokerPort]));
  const dir = path.resolve(dataDir);
  const logDir = path.join(dir, 'kraft-data');
  const logFile = path.join(dir, 'logs', 'server.log');
  await mkdir(path.dirname(logFile), { recursive: true });
  await mkdir(logDir, { recursive: true });

  const propertiesFile = path.join(dir, 'server.properties');
  await writeFile(propertiesFile, serverProperties({ brokerPort, quorumPort, logDir }));
  const log4jFile = path.join(dir, 'log4j.properties');
  await writeFile(log4jFile, log4jProperties(logFile));
  const log4jArg = `-Dlog4j.configuration=${new URL(`file://${log4jFile}`).href}`;

  // Formatting once keeps topics and offsets across `npm start` runs that reuse the state dir.
  // A fresh dir gets a copy of storage formatted once per jar cache: running StorageTool costs a
  // whole JVM start (1-2 s, far more on a loaded machine) on every test run otherwise.
  if (!existsSync(path.join(logDir, 'meta.properties'))) {
    await cp(await formattedStorageTemplate({ java, classpath, cacheDir }), logDir, { recursive: true });
  }
  const cds = await classDataSharing(cacheDir, major, versionLine);

  const brokers = `127.0.0.1:${brokerPort}`;
  logger.info(`starting Kafka broker on ${brokers} (data ${dir}, log ${logFile})`);
  const startedAt = Date.now();
  const outFd = openSync(path.join(dir, 'logs', 'broker.out'), 'a');
  const child = spawn(
    java,
    [...JVM_FLAGS, ...cds.flags, log4jArg, `-Dkafka.logs.dir=${path.dirname(logFile)}`, '-cp', classpath, 'kafka.Kafka', propertiesFile],
    {
      stdio: ['ignore', outFd, outFd],
    },
  );
  closeSync(outFd);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const unbind = bindChildToParent(child);

  const stop = async () => {
    if (!hasExited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const { signal } = await exited;
      clearTimeout(timer);
      if (signal !== 'SIGKILL') await cds.keepArchive();
    }
    unbind();
  };

  try {
    await waitUntilBrokerAnswers(brokers, exited, () => hasExited);
  } catch (error) {
    await stop();
    const tail = await tailOfFile(logFile, 40);
    const out = await tailOfFile(path.join(dir, 'logs', 'broker.out'), 20);
    throw new InfraError(`${error.message}\n--- ${logFile} (tail) ---\n${tail}\n--- broker stdout/stderr (tail) ---\n${out}`);
  }
  logger.info(`Kafka broker ready on ${brokers} after ${Date.now() - startedAt} ms`);
  return { brokers, logFile, stop };
}

/** Kafka version pinned in deploy/local/kafka/pom.xml. */
export function kafkaVersion() {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(POM_PATH, 'utf8'));
  if (!match) throw new InfraError(`No <kafka.version> property in ${POM_PATH}`);
  return match[1].trim();
}

/** Returns a java classpath of the broker jars, running Maven only when the cache is empty. */
export async function ensureKafkaJars(logger = silentLogger) {
  return (await ensureKafkaCache(logger)).classpath;
}

async function ensureKafkaCache(logger) {
  const pom = await readFile(POM_PATH);
  // Keyed on the pom's content, so editing the pom (version bump, extra jar) re-resolves.
  const key = `kafka-${kafkaVersion()}-${createHash('sha256').update(pom).digest('hex').slice(0, 10)}`;
  const cacheRoot = process.env.GARDA_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'garda');
  const libDir = path.join(cacheRoot, key, 'libs');
  const marker = path.join(cacheRoot, key, 'complete');
  if (!existsSync(marker)) {
    await resolveWithMaven({ cacheDir: path.join(cacheRoot, key), libDir, marker, logger });
  }
  return { classpath: `${libDir}${path.sep}*`, cacheDir: path.join(cacheRoot, key) };
}

// Storage formatted once (StorageTool format) and copied into each fresh data dir. All local
// brokers made from one cache therefore share a cluster id, which is harmless: they never meet.
async function formattedStorageTemplate({ java, classpath, cacheDir }) {
  const template = path.join(cacheDir, 'formatted-storage');
  if (existsSync(path.join(template, 'meta.properties'))) return template;
  const staging = `${template}.staging-${process.pid}-${randomBytes(3).toString('hex')}`;
  await mkdir(staging, { recursive: true });
  const properties = `${staging}.properties`;
  // Ports are irrelevant to formatting; only node.id, roles and the quorum matter.
  await writeFile(properties, serverProperties({ brokerPort: 9092, quorumPort: 9093, logDir: staging }));
  try {
    const format = await runCommand(java, [
      ...JVM_FLAGS,
      '-cp',
      classpath,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      newClusterId(),
      '-c',
      properties,
    ]);
    if (format.code !== 0) throw new InfraError(`Formatting Kafka storage failed:\n${format.output}`);
    await rename(staging, template).catch(() => undefined); // a concurrent start may have won
  } finally {
    await rm(properties, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
  if (!existsSync(path.join(template, 'meta.properties')))
    throw new InfraError(`Formatted Kafka storage template ${template} is incomplete`);
  return template;
}

// AppCDS: the first broker of a jar cache records the classes it loaded into an archive when it
// stops; later brokers map that archive instead of parsing ~6000 classes from jars. Measured
// (ADR 0002): about a third less CPU until the broker answers. A stale or broken archive is
// ignored by the JVM (-Xshare:auto), so this can only cost speed, never correctness.
async function classDataSharing(cacheDir, javaMajor, javaVersionLine) {
  if (javaMajor < 13 || process.env.GARDA_KAFKA_CDS === 'off') return { flags: [], keepArchive: async () => undefined };
  // An archive only fits the exact JVM that wrote it; a JDK update gets a new one.
  const jvmKey = createHash('sha256').update(javaVersionLine).digest('hex').slice(0, 8);
  const archive = path.join(cacheDir, `kafka-broker-${jvmKey}.jsa`);
  await removeAbandonedRecordings(cacheDir);
  if (existsSync(archive)) return { flags: ['-Xshare:auto', `-XX:SharedArchiveFile=${archive}`], keepArchive: async () => undefined };
  const recording = `${archive}.recording-${process.pid}-${randomBytes(3).toString('hex')}`;
  return {
    flags: [`-XX:ArchiveClassesAtExit=${recording}`],
    keepArchive: async () => {
      if (existsSync(recording)) await rename(recording, archive).catch(() => rm(recording, { force: true }));
    },
  };
}

async function resolveWithMaven({ cacheDir, libDir, marker, logger }) {
  const mvn = process.env.MVN ?? 'mvn';
  const probe = await runCommand(mvn, ['-v']).catch(() => ({ code: -1, output: '' }));
  if (probe.code !== 0) {
    throw new InfraError(
      `Maven (mvn) is not installed or not on PATH; it is needed once to fetch the Kafka broker jars from Maven Central.\n` +
        `Install it (Debian: apt-get install maven), or set KAFKA_BROKERS=host:port to use an existing Kafka broker.`,
    );
  }
  logger.info(`resolving Kafka ${kafkaVersion()} jars from Maven Central into ${cacheDir} (first run only)`);
  const startedAt = Date.now();
  // Resolve into a private folder and rename it into place, so two concurrent first starts
  // (e.g. `npm start` and `npm test`) never see a half-filled folder.
  const staging = `${cacheDir}.staging-${process.pid}-${randomBytes(3).toString('hex')}`;
  await rm(staging, { recursive: true, force: true });
  const result = await runCommand(mvn, [
    '-B',
    '-q',
    '-Dstyle.color=never',
    '-f',
    POM_PATH,
    // Fully qualified, so an unreachable Central reports the failed download, not a vague
    // "No plugin found for prefix".
    `org.apache.maven.plugins:maven-dependency-plugin:${DEPENDENCY_PLUGIN_VERSION}:copy-dependencies`,
    '-DincludeScope=runtime',
    `-DoutputDirectory=${path.join(staging, 'libs')}`,
  ]);
  if (result.code !== 0) {
    await rm(staging, { recursive: true, force: true });
    const output = result.output.replace(/\x1b\[[0-9;]*m/g, '').trim();
    const offline =
      /Could not transfer|Could not resolve|UnknownHost|Connection refused|timed out|Network is unreachable|No plugin found|offline/i.test(
        output,
      );
    throw new InfraError(
      `Maven could not resolve the Kafka broker jars (exit ${result.code}).` +
        (offline ? ' Maven Central (https://repo.maven.apache.org) seems unreachable.' : '') +
        `\nProvide network access to Maven Central, or set KAFKA_BROKERS=host:port to use an existing broker.\n--- maven output ---\n${output}`,
    );
  }
  const jars = (await readdir(path.join(staging, 'libs'))).filter((name) => name.endsWith('.jar'));
  if (!jars.some((name) => name.startsWith('kafka_2.13-')))
    throw new InfraError(`Maven finished but no kafka_2.13 jar is in ${staging}/libs`);
  await writeFile(path.join(staging, 'complete'), `${new Date().toISOString()}\n`);
  await mkdir(path.dirname(cacheDir), { recursive: true });
  try {
    await rename(staging, cacheDir);
  } catch (error) {
    // Another process won the race (or a stale folder without the marker is in the way).
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(marker)) throw new InfraError(`Cannot place Kafka jars in ${cacheDir}: ${error.message}`);
  }
  logger.info(`resolved ${jars.length} jars in ${Date.now() - startedAt} ms`);
  if (!existsSync(libDir)) throw new InfraError(`Kafka jar cache ${libDir} is missing after resolution`);
}

async function requireJava() {
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const probe = await runCommand(java, ['-version']).catch(() => ({ code: -1, output: '' }));
  const major = /version "(\d+)/.exec(probe.output)?.[1];
  if (probe.code !== 0 || !major) {
    throw new InfraError(
      `Java is not installed or not on PATH (tried "${java}"); the local Kafka broker needs Java 11+ (17 recommended).\n` +
        `Install it (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME, or set KAFKA_BROKERS=host:port to use an existing broker.`,
    );
  }
  if (Number(major) < 11)
    throw new InfraError(`Kafka ${kafkaVersion()} needs Java 11+, found Java ${major} ("${java}"). Set JAVA_HOME to a newer JDK.`);
  return { java, major: Number(major), versionLine: probe.output.split('\n').slice(0, 3).join('\n') };
}

function serverProperties({ brokerPort, quorumPort, logDir }) {
  return [
    '# Written by deploy/local/kafka.mjs on every start; edit that file instead.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${quorumPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${quorumPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${brokerPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${logDir}`,
    // Topics are created explicitly from libs/contracts; a typo must fail, not create a topic.
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'default.replication.factor=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=5',
    'min.insync.replicas=1',
    // Saves ~3 s on every consumer-group join; there is only ever one broker.
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=2',
    'num.io.threads=2',
    'num.recovery.threads.per.data.dir=1',
    'log.retention.hours=168',
    'delete.topic.enable=true',
    '',
  ].join('\n');
}

function log4jProperties(logFile) {
  return [
    'log4j.rootLogger=INFO, file',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${logFile}`,
    'log4j.appender.file.Append=true',
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    // The request and state-change loggers are very chatty at INFO.
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.state.change.logger=WARN',
    'log4j.logger.org.apache.kafka.controller=INFO',
    '',
  ].join('\n');
}

// A recording whose broker was not stopped through stop() (parent killed) is never renamed.
async function removeAbandonedRecordings(cacheDir) {
  for (const name of await readdir(cacheDir)) {
    const pid = Number(/\.recording-(\d+)-/.exec(name)?.[1]);
    if (!pid || isAlive(pid)) continue;
    await rm(path.join(cacheDir, name), { force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Kafka's cluster id: 16 random bytes, URL-safe base64 without padding (what `random-uuid` prints). */
function newClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id; // Kafka avoids ids that look like CLI flags.
  }
}

async function waitUntilBrokerAnswers(brokers, exited, hasExited) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = 'no attempt yet';
  while (Date.now() < deadline) {
    if (hasExited()) {
      const { code, signal } = await exited;
      throw new InfraError(`Kafka broker process exited during startup (code ${code}, signal ${signal})`);
    }
    const admin = new Kafka({
      clientId: 'garda-infra-probe',
      brokers: [brokers],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      requestTimeout: 3000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      // The first group operation creates and loads __consumer_offsets; do it here, so services'
      // consumers never start against a coordinator that is still loading.
      await admin.describeGroups(['garda-infra-probe']);
      return;
    } catch (error) {
      lastError = error.message;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new InfraError(`Kafka broker on ${brokers} did not answer within ${READY_TIMEOUT_MS} ms (last error: ${lastError})`);
}

// The broker must never outlive its parent: SIGTERM it when the parent exits normally or by a
// signal, and (watchdog) even when the parent is SIGKILLed.
function bindChildToParent(child) {
  const killChild = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const stopWatchdog = watchOverChild(child.pid, 'TERM');
  child.unref();

  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (signal) => {
    killChild();
    // If nobody else handles this signal, behave like the default: die by it.
    if (process.listenerCount(signal) === 1) {
      unbind();
      process.kill(process.pid, signal);
    }
  };
  process.on('exit', killChild);
  for (const signal of signals) process.on(signal, onSignal);
  let unbound = false;
  function unbind() {
    if (unbound) return;
    unbound = true;
    process.off('exit', killChild);
    for (const signal of signals) process.off(signal, onSignal);
    stopWatchdog();
  }
  return unbind;
}
