/**
 * The reference agent's network face:
 *   POST /twilio/voice  Twilio's voice webhook → TwiML <Connect><Stream url="wss://…/media">
 *   GET  /media         the Media Streams WebSocket (one call per connection)
 *   GET  /healthz       liveness and load
 *   GET  /calls, GET /calls/:callSid   what the agent heard, did and how long each stage took
 * With an auth token, X-Twilio-Signature is checked on the webhook and on the WebSocket upgrade
 * (signed over the wss:// form of the URL); a bad or missing signature gets 403.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { validateTwilioSignature, webSocketSignatureUrl } from '../src/twilio/signature.ts';
import { CallRegistry } from './call-registry.ts';
import { runCallSession, type SessionDeps } from './call-session.ts';
import { connectStreamTwiml } from './twiml.ts';

export interface AgentServerOptions {
  host: string;
  port: number;
  /** The public base URL Twilio reaches (https://abc.ngrok.app); default: from the request's Host. */
  publicUrl?: string;
  /** TWILIO_AUTH_TOKEN: when set, signatures are required. */
  twilioAuthToken?: string;
  /** Builds one call's providers (a fresh brain per call). */
  callDeps: (registry: CallRegistry) => SessionDeps;
  registry?: CallRegistry;
  log?: (message: string) => void;
}

export interface AgentServer {
  /** ws://host:port/media */
  mediaUrl: string;
  httpUrl: string;
  registry: CallRegistry;
  activeCalls(): number;
  close(): Promise<void>;
}

const MEDIA_PATH = '/media';

/**
 * The largest WebSocket message the agent accepts. Twilio's messages are small: a media frame is
 * ~400 bytes (160 bytes of mu-law, base64, in JSON), and the largest, `start`, carries the
 * `<Parameter>`s (each name + value under 500 characters): 16 KiB holds ~30 of the longest.
 * Anything bigger is not Twilio; the connection is closed with 1009 (message too big) before the
 * message is buffered or parsed, so a hostile peer cannot feed megabytes to the recognizer.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024;

export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const registry = options.registry ?? new CallRegistry();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_MESSAGE_BYTES,
  });
  const sessions = new Set<Promise<void>>();
  const log = options.log ?? (() => {});

  const server: Server = createServer((req, res) => {
    handleHttp(req, res).catch((err) => {
      log(`http error: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'GET' && url.pathname === '/healthz') {
      return send(
        res,
        200,
        'application/json',
        JSON.stringify({ ok: true, activeCalls: registry.liveCount }),
      );
    }
    if (req.method === 'GET' && url.pathname === '/calls')
      return send(res, 200, 'application/json', JSON.stringify({ calls: registry.list() }));
    const callMatch = /^\/calls\/([A-Za-z0-9]+)$/.exec(url.pathname);
    if (req.method === 'GET' && callMatch) {
      const call = registry.get(callMatch[1]);
      return call
        ? send(res, 200, 'application/json', JSON.stringify(call))
        : send(
            res,
            404,
            'application/json',
            JSON.stringify({ error: `no live or recent call ${callMatch[1]}` }),
          );
    }
    if (req.method === 'POST' && url.pathname === '/twilio/voice') {
      const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
      const base = publicBase(req);
      if (
        options.twilioAuthToken &&
        !validateTwilioSignature(
          options.twilioAuthToken,
          header(req, 'x-twilio-signature'),
          base + (req.url ?? ''),
          params,
        )
      ) {
        return send(res, 403, 'text/plain', 'invalid Twilio signature\n');
      }
      const streamUrl = streamBase(req) + MEDIA_PATH;
      const parameters: Record<string, string> = {};
      for (const k of ['CallSid', 'From', 'To', 'Direction'])
        if (params[k]) parameters[k] = params[k];
      return send(res, 200, 'text/xml', connectStreamTwiml({ streamUrl, parameters }));
    }
    send(res, 404, 'text/plain', 'not found\n');
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (path !== MEDIA_PATH) return reject(socket, 404, 'Not Found');
    if (options.twilioAuthToken) {
      // Twilio signs the upgrade over the stream URL of the TwiML, which this agent always
      // writes as wss:// (TLS may end at a proxy, so the request itself can arrive as ws://).
      const signedUrl = streamBase(req) + (req.url ?? '');
      if (
        !validateTwilioSignature(
          options.twilioAuthToken,
          header(req, 'x-twilio-signature'),
          signedUrl,
        )
      )
        return reject(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      let session: Promise<void>;
      try {
        session = runCallSession(ws, options.callDeps(registry));
      } catch (err) {
        log(`could not start a call: ${err instanceof Error ? err.message : String(err)}`);
        ws.close(1011, 'agent error');
        return;
      }
      sessions.add(session);
      void session.finally(() => sessions.delete(session));
    });
  });

  /** The wss:// base the TwiML names for the stream, and so the one upgrades are signed over. */
  function streamBase(req: IncomingMessage): string {
    return webSocketSignatureUrl(publicBase(req)).replace(/^ws:/, 'wss:');
  }

  function publicBase(req: IncomingMessage): string {
    if (options.publicUrl) return options.publicUrl.replace(/\/$/, '');
    const proto = header(req, 'x-forwarded-proto')?.split(',')[0]?.trim() ?? 'http';
    return `${proto}://${header(req, 'x-forwarded-host') ?? header(req, 'host') ?? `${options.host}:${options.port}`}`;
  }

  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    mediaUrl: `ws://${hostForUrl}:${port}${MEDIA_PATH}`,
    httpUrl: `http://${hostForUrl}:${port}`,
    registry,
    activeCalls: () => sessions.size,
    async close() {
      for (const c of wss.clients) c.close(1001, 'agent shutting down');
      await Promise.race([Promise.all(sessions), new Promise((r) => setTimeout(r, 2000))]);
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

const MAX_BODY = 64 * 1024;
async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_BODY) throw new Error('request body too large');
  }
  return body;
}
