// Runs one engine CLI process: argument arrays only (never a shell string), streamed output,
// cancellation that kills the whole process group, and a bounded run time.
import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with every chunk of stdout/stderr as it arrives. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
  /** Kill the process group after this many milliseconds (default: no limit). */
  timeoutMs?: number;
  /** Keep at most this many characters of each stream (default 4 MB); the tail is kept. */
  maxCapture?: number;
}

export interface RunResult {
  command: string;
  args: string[];
  /** Exit code, or null when killed by a signal or never started. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in arrival order. */
  output: string;
  cancelled: boolean;
  timedOut: boolean;
  /** Set when the process could not be started (e.g. ENOENT: the CLI is not installed). */
  spawnError?: NodeJS.ErrnoException;
}

const DEFAULT_MAX_CAPTURE = 4 * 1024 * 1024;

export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const maxCapture = options.maxCapture ?? DEFAULT_MAX_CAPTURE;
  return new Promise((resolve) => {
    const result: RunResult = { command, args: [...args], code: null, stdout: '', stderr: '', output: '', cancelled: false, timedOut: false };
    if (options.signal?.aborted) {
      result.cancelled = true;
      resolve(result);
      return;
    }
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: false,
      // Own process group, so cancelling also stops grandchildren (compose plugins, buildx, ssh helpers).
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const killGroup = () => {
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        if (process.platform === 'win32') child.kill('SIGTERM');
        else process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      // Escalate if it ignores SIGTERM.
      const pid = child.pid;
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) {
          try {
            if (process.platform === 'win32') child.kill('SIGKILL');
            else process.kill(-pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
      }, 2000).unref();
    };
    const onAbort = () => {
      result.cancelled = true;
      killGroup();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        result.timedOut = true;
        killGroup();
      }, options.timeoutMs);
    }
    const keepTail = (s: string) => (s.length > maxCapture ? s.slice(s.length - maxCapture) : s);
    const onData = (stream: 'stdout' | 'stderr') => (data: Buffer) => {
      const chunk = data.toString('utf8');
      result[stream] = keepTail(result[stream] + chunk);
      result.output = keepTail(result.output + chunk);
      options.onOutput?.(chunk, stream);
    };
    child.stdout!.on('data', onData('stdout'));
    child.stderr!.on('data', onData('stderr'));
    child.on('error', (err: NodeJS.ErrnoException) => {
      result.spawnError = err;
      finish();
    });
    child.on('close', (code) => {
      result.code = code;
      finish();
    });
  });
}

export function succeeded(r: RunResult): boolean {
  return r.code === 0 && !r.cancelled && !r.timedOut && !r.spawnError;
}
