/**
 * The floor under the caller benchmark: what it costs this machine just to send N calls' worth
 * of Twilio media frames (50 a second each, over ws on loopback, paced by the caller's own
 * scheduler, to the same sink agent) with no caller logic at all — no playback model, VAD,
 * script or events. Compare its CPU with bench:caller's at the same N to see what the caller
 * itself adds.
 *
 *   npm run bench:transport -- 500
 *   npm run bench:transport -- 500 --random-mask   # ws's default random mask per frame, for comparison
 */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { noiseBed } from '../src/caller/caller-audio.ts';
import { FrameScheduler } from '../src/caller/scheduler.ts';
import { CALLER_SOCKET_OPTIONS } from '../src/caller/socket-options.ts';
import { mediaMessageTemplate } from '../src/twilio/encode.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'random-mask': { type: 'boolean', default: false } },
});
const counts = (positionals[0] ?? '250,500,1000').split(',').map(Number);
const SECONDS = 10;

for (const n of counts) {
  const sink = fork(resolve('bench/sink-agent.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((res) =>
    sink.once('message', (m) => res((m as { port: number }).port)),
  );
  const bed = noiseBed(-60);
  const scheduler = new FrameScheduler();
  const regs: { cancel(): void }[] = [];
  let sent = 0;
  for (let i = 0; i < n; i++) {
    const ws = new WebSocket(
      `ws://127.0.0.1:${port}/media`,
      values['random-mask'] ? { perMessageDeflate: false } : CALLER_SOCKET_OPTIONS,
    );
    await new Promise((r) => ws.once('open', r));
    ws.on('message', () => {});
    ws.send(JSON.stringify({ event: 'start', streamSid: `MZ${i}` }));
    const media = mediaMessageTemplate(`MZ${i}`);
    let k = 0;
    regs.push(
      scheduler.register(
        {
          onFrame: () =>
            void (
              ws.send(media(k + 2, k + 1, 100 + 20 * k, bed.framesB64[k++ % bed.framesB64.length])),
              sent++
            ),
        },
        performance.now(),
      ),
    );
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const sent0 = sent;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  for (const r of regs) r.cancel();
  const msgs = sent - sent0;
  console.log(
    `calls ${n}: ${Math.round((msgs / wallMs) * 1000)} messages/s, caller CPU ${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(0)}% (user ${((cpu.user / 1000 / wallMs) * 100).toFixed(0)}%, sys ${((cpu.system / 1000 / wallMs) * 100).toFixed(0)}%), ${((cpu.user + cpu.system) / msgs).toFixed(1)} µs CPU per message`,
  );
  sink.send('exit');
}
process.exit(0);
