/**
 * A real SMTP server on 127.0.0.1 for the report tests (the `smtp-server` package): random port, every
 * message kept raw, connections and attempts counted so retries can be asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

export interface Received {
  raw: Buffer;
  rcpt: string[];
  secure: boolean;
  user: string | undefined;
}

export interface TestSmtp {
  port: number;
  url: string;
  messages: Received[];
  connections: number;
  close(): Promise<void>;
}

export type SmtpHooks = Pick<SMTPServerOptions, 'onConnect' | 'onRcptTo' | 'onAuth' | 'key' | 'cert' | 'secure'> & { auth?: boolean; starttls?: boolean };

export async function startSmtp(hooks: SmtpHooks = {}): Promise<TestSmtp> {
  const state: TestSmtp = { port: 0, url: '', messages: [], connections: 0, close: async () => undefined };
  const { auth = false, starttls = false, onConnect, ...rest } = hooks;
  const server = new SMTPServer({
    ...rest,
    logger: false,
    authOptional: !auth,
    disabledCommands: auth ? [] : ['AUTH'],
    // smtp-server offers STARTTLS with a built-in certificate by default; only the TLS test wants it.
    hideSTARTTLS: !starttls,
    allowInsecureAuth: false,
    socketTimeout: 10_000,
    onConnect(session, callback) {
      state.connections++;
      if (onConnect) onConnect(session, callback);
      else callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.messages.push({ raw: Buffer.concat(chunks), rcpt: session.envelope.rcptTo.map((r) => r.address), secure: session.secure, user: session.user as string | undefined });
        callback();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

/** A self-signed certificate for 127.0.0.1 made with openssl; null (with the reason) when openssl is missing. */
export function selfSignedCert(): { key: string; cert: string; certFile: string } | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tallyboard-tls-'));
  const r = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'pipe', timeout: 30_000 }
  );
  if (r.error || r.status !== 0) return { skip: `openssl unavailable or failed: ${r.error?.message ?? r.stderr.toString().trim()}` };
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), certFile: join(dir, 'cert.pem') };
}

/** A server that greets, then hangs up at the first command, as a crashing relay would. */
export async function startDroppingServer(): Promise<TestSmtp> {
  const state: TestSmtp = { port: 0, url: '', messages: [], connections: 0, close: async () => undefined };
  const server = createServer((socket) => {
    state.connections++;
    socket.write('220 127.0.0.1 ESMTP about to fall over\r\n');
    socket.once('data', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

/**
 * A relay that takes the whole message and then hangs up before its "250 OK", as a relay crashing mid-commit
 * would: the sender cannot know whether the message was delivered. Every message it took is kept.
 */
export async function startDropAfterDataServer(): Promise<TestSmtp> {
  const state: TestSmtp = { port: 0, url: '', messages: [], connections: 0, close: async () => undefined };
  const server = createServer((socket) => {
    state.connections++;
    let inData = false;
    let buffer = '';
    let rcpt: string[] = [];
    socket.write('220 127.0.0.1 ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          state.messages.push({ raw: Buffer.from(buffer.slice(0, end), 'latin1'), rcpt, secure: false, user: undefined });
          socket.destroy();
          return;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 127.0.0.1\r\n');
        else if (verb === 'RCPT') {
          rcpt = [...rcpt, line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, '$1')];
          socket.write('250 OK\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
