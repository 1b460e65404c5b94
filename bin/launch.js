#!/usr/bin/env node
// Runtime wrapper (like the Gradle wrapper): runs a script under Node >= 24.
// Plain JavaScript that any Node >= 18 can execute. On an older Node it uses a
// Node 24 from a per-user cache, installing the npm registry package
// `node-<platform>-<arch>@24` there on first use, and re-runs the same command.
//
//   node bin/launch.js <script> [args...]
//
// DURCHSTARTEN_NODE_FETCH=0 turns the download off and explains how to install Node 24.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { homedir, platform, arch } from 'node:os';
import { join, delimiter, dirname } from 'node:path';

const REQUIRED_MAJOR = 24;

export function nodeMajor(version) {
  return Number.parseInt(String(version).replace(/^v/, '').split('.')[0], 10);
}

// The npm registry publishes official Node builds as node-<os>-<arch> packages.
export function nodePackageName(os = platform(), cpu = arch()) {
  const osName = { linux: 'linux', darwin: 'darwin', win32: 'win' }[os];
  const cpuName = { x64: 'x64', arm64: 'arm64' }[cpu];
  return osName && cpuName ? `node-${osName}-${cpuName}` : undefined;
}

export function cacheDir(env = process.env) {
  const base = env.DURCHSTARTEN_NODE_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'durchstarten');
  return join(base, `node${REQUIRED_MAJOR}`);
}

function cachedNodeBinary(dir, pkg) {
  const binDir = join(dir, 'node_modules', pkg, 'bin');
  const exe = platform() === 'win32' ? join(binDir, 'node.exe') : join(binDir, 'node');
  return exe;
}

function howToInstall(reason) {
  return [
    `Durchstarten needs Node.js ${REQUIRED_MAJOR} or newer; this is Node.js ${process.versions.node}.`,
    reason,
    `Install Node.js ${REQUIRED_MAJOR} LTS (https://nodejs.org/ or your package manager, e.g. "nvm install ${REQUIRED_MAJOR}")`,
    `and run the command again. Unset DURCHSTARTEN_NODE_FETCH (or set it to 1) to let the launcher fetch it.`,
  ].join('\n');
}

function ensureNode24() {
  const pkg = nodePackageName();
  if (process.env.DURCHSTARTEN_NODE_FETCH === '0') {
    throw new Error(howToInstall('Automatic download is disabled (DURCHSTARTEN_NODE_FETCH=0).'));
  }
  if (!pkg) {
    throw new Error(howToInstall(`No Node.js package is published for ${platform()}-${arch()}.`));
  }
  const dir = cacheDir();
  const exe = cachedNodeBinary(dir, pkg);
  if (existsSync(exe) && nodeMajor(spawnSync(exe, ['--version'], { encoding: 'utf8' }).stdout) >= REQUIRED_MAJOR) {
    return exe;
  }
  mkdirSync(dir, { recursive: true });
  process.stderr.write(
    `Durchstarten: Node.js ${process.versions.node} is older than ${REQUIRED_MAJOR}; ` +
      `installing ${pkg}@${REQUIRED_MAJOR} into ${dir} (one time only)…\n`,
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    [
      'install',
      '--prefix',
      dir,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      `${pkg}@${REQUIRED_MAJOR}`,
    ],
    // npm's own output goes to stderr: stdout belongs to the command being launched.
    { stdio: ['ignore', 2, 2], shell: process.platform === 'win32' },
  );
  if (result.status !== 0 || !existsSync(exe)) {
    throw new Error(howToInstall(`Installing ${pkg}@${REQUIRED_MAJOR} with npm failed (exit ${result.status}).`));
  }
  process.stderr.write(`Durchstarten: using Node.js from ${exe}\n`);
  return exe;
}

export function run(args) {
  if (args.length === 0) {
    process.stderr.write('usage: node bin/launch.js <script> [args...]\n');
    process.exit(2);
  }
  let exe = process.execPath;
  if (nodeMajor(process.versions.node) < REQUIRED_MAJOR) {
    try {
      exe = ensureNode24();
    } catch (error) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
  }
  // Child processes (test workers, the server started by end-to-end tests) find the same Node first on PATH.
  const env = { ...process.env, PATH: `${dirname(exe)}${delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(exe, args, { stdio: 'inherit', env });
  // Forward termination signals so that the child shuts down cleanly (it owns PostgreSQL).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run(process.argv.slice(2));
}
