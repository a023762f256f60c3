/**
 * A real ZooKeeper server (Debian's `zookeeper` package and a Java runtime) for the conformance test: its own
 * temporary data directory and config, 127.0.0.1 and a free port, standalone (ZooKeeperServerMain). Started and
 * stopped by the test; a process exit handler kills it too, so it is never left running.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's package puts the server (its manifest's Class-Path brings the dependencies), unless overridden. */
export const ZOOKEEPER_JAR = process.env.FAULTLINE_ZOOKEEPER_JAR ?? '/usr/share/java/zookeeper.jar';
/** tickTime is the granularity of expiry; a short one (and a low minSessionTimeout) keeps expiries fast. */
export const TICK_TIME_MS = 50;
export const MIN_SESSION_TIMEOUT_MS = 100;
export const MAX_SESSION_TIMEOUT_MS = 30_000;

/** Why a real ZooKeeper cannot run here, or null when it can. */
export function missingZooKeeper(): string | null {
  if (!existsSync(ZOOKEEPER_JAR)) return `no ${ZOOKEEPER_JAR} (apt-get install zookeeper default-jre-headless)`;
  if (spawnSync('java', ['-version']).status !== 0) return 'no java on PATH (apt-get install default-jre-headless)';
  return null;
}

export class RealZooKeeper {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly child: ChildProcess,
    private readonly onExit: () => void,
  ) {}

  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RealZooKeeper> {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-zk-'));
    const port = await freePort();
    const config = [
      `tickTime=${TICK_TIME_MS}`,
      `dataDir=${join(dir, 'data')}`,
      `clientPort=${port}`,
      'clientPortAddress=127.0.0.1',
      `minSessionTimeout=${MIN_SESSION_TIMEOUT_MS}`,
      `maxSessionTimeout=${MAX_SESSION_TIMEOUT_MS}`,
      'maxClientCnxns=0',
      // A test server: no fsync per transaction, no admin HTTP server on its own port.
      'forceSync=no',
      'admin.enableServer=false',
    ];
    writeFileSync(join(dir, 'zoo.cfg'), `${config.join('\n')}\n`);
    const log = openSync(join(dir, 'server.log'), 'w');
    // A shell holds the JVM on a leash: when our end of its stdin closes (stop(), or this process dying in any
    // way, a killed test worker included) it kills the JVM. Its own process group lets stop() kill both at once.
    const leash = 'exec 3<&0; java "$@" </dev/null & pid=$!; (cat <&3 >/dev/null; kill $pid 2>/dev/null) & wait $pid';
    const args = ['-Xmx256m', '-cp', ZOOKEEPER_JAR, 'org.apache.zookeeper.server.ZooKeeperServerMain', join(dir, 'zoo.cfg')];
    const child = spawn('sh', ['-c', leash, 'sh', ...args], { stdio: ['pipe', log, log], detached: true });
    closeSync(log);
    const onExit = () => killGroup(child);
    process.on('exit', onExit);
    const server = new RealZooKeeper(port, dir, child, onExit);
    try {
      await waitForPort(port, child, 60_000);
    } catch (e) {
      const output = server.logTail();
      await server.stop();
      throw new Error(`ZooKeeper did not start: ${(e as Error).message}\n${output}`);
    }
    return server;
  }

  /** The end of the server's output, for a failure message. */
  logTail(): string {
    try {
      return readFileSync(join(this.dir, 'server.log'), 'utf8').slice(-2_000);
    } catch {
      return '';
    }
  }

  async stop(): Promise<void> {
    process.off('exit', this.onExit);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.stdin?.end();
      const timer = setTimeout(() => killGroup(this.child), 10_000);
      await exited;
      clearTimeout(timer);
    }
    killGroup(this.child); // the leash's cat, if the JVM went first
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`java exited with ${child.exitCode}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} not open after ${timeoutMs} ms`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
