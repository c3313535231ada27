import { format } from 'node:util';
import { AbstractMessageWriter, createConnection, ProposedFeatures, type Connection, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';

/**
 * The stdio transport's writer, one `write` per message. vscode-jsonrpc's stream writer writes the header and the
 * body as two writes, each a system call on the pipe that wakes the client: the header write alone was 5–15 % of the
 * server's CPU per keystroke on a typical Dockerfile (profile of bench section 3, which talks stdio like Neovim, Helix,
 * Zed, Emacs; VS Code's client uses node IPC, one message per send already). Same bytes: `Content-Length` header,
 * blank line, the message as UTF-8 JSON.
 */
export class SingleWriteMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    const chunk = Buffer.concat([Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii'), body]);
    return new Promise((resolve, reject) => {
      this.stream.write(chunk, (error?: Error | null) => {
        if (!error) return resolve();
        this.errorCount++;
        this.fireError(error, msg, this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {}
}

/**
 * The server's connection: for `--stdio`, stdin as given to vscode-languageserver (it still ends the process when stdin
 * closes) and the single-write writer; console output goes to the client's log, as vscode-languageserver does for stdio
 * (stdout is the protocol). Other transports (`--node-ipc`, sockets, pipes): vscode-languageserver's own.
 */
export function serverConnection(argv = process.argv): Connection {
  if (!argv.slice(2).includes('--stdio')) return createConnection(ProposedFeatures.all);
  // A stream as input (typed as a reader: the overloads want two streams or two reader/writers): vscode-languageserver
  // wraps it as it does for `--stdio`, and exits when it ends or closes.
  const input = process.stdin as unknown as MessageReader;
  const connection = createConnection(ProposedFeatures.all, input, new SingleWriteMessageWriter(process.stdout));
  const log = (send: (message: string) => void) => (...args: unknown[]) => send(format(...args));
  console.log = console.info = log((m) => connection.console.log(m));
  console.debug = log((m) => connection.console.log(m));
  console.warn = log((m) => connection.console.warn(m));
  console.error = log((m) => connection.console.error(m));
  return connection;
}
