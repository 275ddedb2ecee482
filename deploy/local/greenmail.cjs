// Starts GreenMail, a real IMAP + SMTP server written in Java, as a child process, from a jar
// resolved once from Maven Central (like kafka.mjs; no Docker). Used by the IMAP connector's
// integration tests: mail is delivered to it over SMTP and Garda reads it back over IMAP.
// CommonJS (unlike kafka.mjs), so jest's integration tests can require it directly.
const { spawn } = require('node:child_process');
const { createHash, randomBytes } = require('node:crypto');
const { existsSync, readFileSync } = require('node:fs');
const { mkdir, readFile, readdir, rename, rm, writeFile } = require('node:fs/promises');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const POM_PATH = path.join(__dirname, 'greenmail', 'pom.xml');
const DEPENDENCY_PLUGIN_VERSION = '3.8.1'; // same as deploy/local/greenmail/pom.xml
const READY_TIMEOUT_MS = 60_000;
const JVM_FLAGS = ['-Xms32m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true'];

function greenmailVersion() {
  const match = /<greenmail\.version>([^<]+)<\/greenmail\.version>/.exec(readFileSync(POM_PATH, 'utf8'));
  if (!match) throw new InfraError(`No <greenmail.version> property in ${POM_PATH}`);
  return match[1].trim();
}

/**
 * Each user logs in with their whole e-mail address and password.
 * @param {{ users: Array<{ email: string, password: string }>, logger?: { info: (m: string) => void } }} options
 * @returns {Promise<{ host: string, imapPort: number, smtpPort: number, stop: () => Promise<void> }>}
 */
async function startGreenMail({ users, logger = { info: () => undefined } }) {
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const jar = await ensureGreenMailJar(logger);
  const imapPort = await findFreePort();
  const smtpPort = await findFreePort([imapPort]);
  const apiPort = await findFreePort([imapPort, smtpPort]);
  const args = [
    ...JVM_FLAGS,
    '-Dgreenmail.hostname=127.0.0.1',
    `-Dgreenmail.imap.port=${imapPort}`,
    `-Dgreenmail.smtp.port=${smtpPort}`,
    // The standalone runner also opens an HTTP API (8080 by default): kept off shared ports.
    '-Dgreenmail.api.hostname=127.0.0.1',
    `-Dgreenmail.api.port=${apiPort}`,
    `-Dgreenmail.users=${users.map((user) => `${user.email.split('@')[0]}:${user.password}@${user.email.split('@')[1]}`).join(',')}`,
    '-Dgreenmail.users.login=email',
    '-jar',
    jar,
  ];
  const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await accepts(imapPort)) || !(await accepts(smtpPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new InfraError(`GreenMail did not start:\n${Buffer.concat(output).toString('utf8').slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  logger.info(`GreenMail ${greenmailVersion()} on IMAP ${imapPort}, SMTP ${smtpPort}`);
  return {
    host: '127.0.0.1',
    imapPort,
    smtpPort,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The standalone jar's path, running Maven only when the cache is empty. */
async function ensureGreenMailJar(logger) {
  const pom = await readFile(POM_PATH);
  const key = `greenmail-${greenmailVersion()}-${createHash('sha256').update(pom).digest('hex').slice(0, 10)}`;
  const cacheRoot = process.env.GARDA_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'garda');
  const cacheDir = path.join(cacheRoot, key);
  const jar = path.join(cacheDir, 'libs', `greenmail-standalone-${greenmailVersion()}.jar`);
  if (existsSync(path.join(cacheDir, 'complete')) && existsSync(jar)) return jar;
  const mvn = process.env.MVN ?? 'mvn';
  logger.info(`resolving GreenMail ${greenmailVersion()} from Maven Central into ${cacheDir} (first run only)`);
  const staging = `${cacheDir}.staging-${process.pid}-${randomBytes(3).toString('hex')}`;
  const result = await runCommand(mvn, [
    '-B',
    '-q',
    '-Dstyle.color=never',
    '-f',
    POM_PATH,
    `org.apache.maven.plugins:maven-dependency-plugin:${DEPENDENCY_PLUGIN_VERSION}:copy-dependencies`,
    '-DincludeScope=runtime',
    `-DoutputDirectory=${path.join(staging, 'libs')}`,
  ]).catch((error) => ({ code: -1, output: String(error) }));
  if (result.code !== 0) {
    await rm(staging, { recursive: true, force: true });
    throw new InfraError(
      `Maven could not resolve GreenMail (exit ${result.code}); it needs Java 17, Maven and Maven Central.\n${result.output.slice(-4000)}`,
    );
  }
  const jars = await readdir(path.join(staging, 'libs'));
  if (!jars.includes(path.basename(jar))) throw new InfraError(`Maven finished but ${path.basename(jar)} is not in ${staging}/libs`);
  await writeFile(path.join(staging, 'complete'), `${new Date().toISOString()}\n`);
  await mkdir(cacheRoot, { recursive: true });
  try {
    await rename(staging, cacheDir);
  } catch (error) {
    // Another process won the race.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(jar)) throw new InfraError(`Cannot place GreenMail in ${cacheDir}: ${error.message}`);
  }
  return jar;
}

class InfraError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InfraError';
  }
}

/** A free TCP port on 127.0.0.1, not in `avoid`. */
async function findFreePort(avoid = []) {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: chosen } = server.address();
        server.close(() => resolve(chosen));
      });
    });
    if (!avoid.includes(port)) return port;
  }
  throw new InfraError('Could not find a free TCP port on 127.0.0.1');
}

function runCommand(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

module.exports = { startGreenMail, greenmailVersion };
