import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { toolCacheDir } from './paths';

const VERSION = '4.100.3';
const installDir = path.join(toolCacheDir, `code-server-${VERSION}`);
const binPath = path.join(installDir, 'node_modules', '.bin', 'code-server');
const doneMarker = path.join(installDir, '.installed');
const logFile = path.join(installDir, 'install.log');

/**
 * Where @vscode/ripgrep 1.15.11 (bundled by code-server 4.100.3) looks for its download
 * before fetching it from GitHub, relative to $TMPDIR.
 */
const RIPGREP_CACHE_FILE = path.join('vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');

/** Installs code-server into .vscode-test/ once; returns the path of its `code-server` binary. */
export async function ensureCodeServer(): Promise<string> {
  if (fs.existsSync(doneMarker)) return binPath;
  console.log(`Installing code-server ${VERSION} into ${installDir} (once, about a minute)…`);
  fs.rmSync(installDir, { recursive: true, force: true });
  fs.mkdirSync(installDir, { recursive: true });
  writeInstallManifest();
  const tmpDir = seedRipgrepCache();
  await runLogged('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `code-server@${VERSION}`], installEnv(tmpDir));
  await runLogged(binPath, ['--version'], process.env);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fs.writeFileSync(doneMarker, `${new Date().toISOString()}\n`);
  return binPath;
}

/**
 * npm 11 skips dependencies' install scripts unless package.json's `allowScripts` approves
 * them; code-server's postinstall (which installs VS Code's own modules) and argon2's
 * native build must run.
 */
function writeInstallManifest(): void {
  const manifest = {
    name: 'code-server-host',
    private: true,
    allowScripts: { 'code-server': true, argon2: true },
  };
  fs.writeFileSync(path.join(installDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Puts Debian's rg where @vscode/ripgrep looks before downloading it from GitHub (unreachable offline). */
function seedRipgrepCache(): string {
  const tmpDir = path.join(installDir, 'tmp');
  const stagingDir = path.join(tmpDir, 'rg-staging');
  const tarball = path.join(tmpDir, RIPGREP_CACHE_FILE);
  fs.mkdirSync(stagingDir, { recursive: true });
  fs.mkdirSync(path.dirname(tarball), { recursive: true });
  fs.copyFileSync('/usr/bin/rg', path.join(stagingDir, 'rg'));
  fs.chmodSync(path.join(stagingDir, 'rg'), 0o755);
  const tar = spawnSync('tar', ['-czf', tarball, '-C', stagingDir, 'rg'], { encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  return tmpDir;
}

function installEnv(tmpDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TMPDIR: tmpDir,
    // code-server's postinstall refuses to run as root without it.
    npm_config_unsafe_perm: 'true',
    // node-pty's build runs `npx node-gyp`, which without a TTY is cancelled unless pre-approved.
    npm_config_yes: 'true',
  };
}

/** Runs a command in installDir with its output appended to install.log; rejects with the log's tail. */
function runLogged(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { cwd: installDir, env, stdio: ['ignore', log, log] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.closeSync(log);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}; end of ${logFile}:\n${logTail()}`));
    });
  });
}

function logTail(): string {
  return fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
}

if (require.main === module) {
  ensureCodeServer().then(
    (bin) => console.log(bin),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
