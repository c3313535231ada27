// Probes a published port on the loopback interface: TCP connect, then an HTTP GET on the health path.
// Only 127.0.0.1 / ::1 are ever contacted.
import * as net from 'node:net';

export type ProbeResult =
  | { kind: 'http'; status: number; ok: boolean; ms: number }
  | { kind: 'tcp'; ok: true; ms: number; note: string }
  | { kind: 'failed'; ok: false; ms: number; reason: string };

export function probePort(port: number, path: string, timeoutMs: number, host: '127.0.0.1' | '::1' = '127.0.0.1'): Promise<ProbeResult> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  return new Promise((resolve) => {
    let connected = false;
    let response = '';
    let done = false;
    const socket = net.connect({ host, port });
    const finish = (r: ProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => {
      if (!connected) finish({ kind: 'failed', ok: false, ms: elapsed(), reason: `no TCP connection to ${host}:${port} within ${timeoutMs} ms` });
      else finish({ kind: 'tcp', ok: true, ms: elapsed(), note: `TCP connect ok; no HTTP answer on ${path} within ${timeoutMs} ms` });
    }, timeoutMs);
    socket.setNoDelay(true);
    socket.on('connect', () => {
      connected = true;
      socket.write(`GET ${path} HTTP/1.0\r\nHost: ${host}:${port}\r\nUser-Agent: dockwright-health\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (data) => {
      response += data.toString('latin1');
      const eol = response.indexOf('\n');
      if (eol >= 0 || response.length > 1024) {
        const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(response);
        if (m) {
          const status = Number(m[1]);
          finish({ kind: 'http', status, ok: status < 500, ms: elapsed() });
        } else finish({ kind: 'tcp', ok: true, ms: elapsed(), note: 'TCP connect ok; the port does not speak HTTP' });
      }
    });
    socket.on('end', () => {
      if (connected) finish({ kind: 'tcp', ok: true, ms: elapsed(), note: 'TCP connect ok; closed without an HTTP answer' });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (connected && err.code === 'ECONNRESET') finish({ kind: 'failed', ok: false, ms: elapsed(), reason: `connection reset by ${host}:${port}` });
      else finish({ kind: 'failed', ok: false, ms: elapsed(), reason: `${err.code ?? 'error'} on ${host}:${port}` });
    });
  });
}
