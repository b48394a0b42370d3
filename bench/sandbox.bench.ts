/**
 * Sandbox profiles: events per second a client gets through the `realtime` profile, as a ratio to the
 * bare echo measured in the same run (target ≥ 0.8). Both are 1:1 round trips of small JSON events
 * (echo: any frame back; realtime: `session.update` → checked, merged, `session.updated`), pipelined
 * 64 deep; plus the rate of a streamed response (`response.create` → ~40 events) for reference.
 */
import WebSocket from 'ws';
import { makeTestCore } from '../test/harness/core.js';
import { JwtService } from '../electron/core/jwt/service.js';
import { SandboxServer } from '../electron/core/sandbox/server.js';
import { line, pct } from './util.js';

async function client(url: string, token: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/**
 * Sends `total` frames, at most `depth` unanswered, until `total × per` frames came back: frames in per
 * wall-clock second, and CPU microseconds per frame (this process: server and client), which a shared,
 * busy machine disturbs far less than wall time.
 */
async function roundTrips(
  ws: WebSocket,
  frame: string,
  total: number,
  per: number,
  depth = 64,
): Promise<{ perSec: number; cpuUs: number }> {
  let sent = 0;
  let got = 0;
  const want = total * per;
  const cpu = process.cpuUsage();
  const t = performance.now();
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (sent < total && sent * per - got < depth * per) {
        ws.send(frame);
        sent++;
      }
    };
    const onMessage = () => {
      got++;
      if (got >= want) {
        ws.off('message', onMessage);
        resolve();
      } else if (got % per === 0) pump();
    };
    ws.on('message', onMessage);
    pump();
  });
  const used = process.cpuUsage(cpu);
  return { perSec: want / ((performance.now() - t) / 1000), cpuUs: (used.user + used.system) / want };
}

export default {
  title: 'Sandbox profiles: realtime events/s vs echo',
  async run() {
    const core = makeTestCore();
    try {
      await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey:bench-profile-secret');
      const jwt = new JwtService(core);
      const echo = new SandboxServer({ jwt });
      const realtime = new SandboxServer({ jwt, profile: 'realtime' });
      await echo.start();
      await realtime.start();
      try {
        const token = (await jwt.mint({ key: 'rt', ttl: '1h' })).token;
        const e = await client(echo.url, token);
        const r = await client(realtime.url, token);
        const update = JSON.stringify({
          type: 'session.update',
          session: { type: 'realtime', instructions: 'Be brief.', audio: { output: { voice: 'marin' } } },
        });
        const echoFrame = update;
        const n = 3000;
        await roundTrips(e, echoFrame, 500, 1);
        await roundTrips(r, update, 500, 1);
        const echoRates: number[] = [];
        const rtRates: number[] = [];
        const ratios: number[] = [];
        const cpuRatios: number[] = [];
        for (let round = 0; round < 8; round++) {
          const first = round % 2 === 0;
          const a = first ? await roundTrips(e, echoFrame, n, 1) : undefined;
          const b = await roundTrips(r, update, n, 1);
          const c = a ?? (await roundTrips(e, echoFrame, n, 1));
          echoRates.push(c.perSec);
          rtRates.push(b.perSec);
          ratios.push(b.perSec / c.perSec);
          cpuRatios.push(c.cpuUs / b.cpuUs);
        }
        line('echo events/s (median)', pct(echoRates, 50).toFixed(0));
        line('realtime session.update → session.updated events/s (median)', pct(rtRates, 50).toFixed(0));
        line('ratio realtime/echo, wall clock (median of 8 pairs)', pct(ratios, 50).toFixed(2), '≥ 0.8');
        line('  wall-clock ratio range', `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`);
        line('ratio realtime/echo, per CPU second (median)', pct(cpuRatios, 50).toFixed(2), '≥ 0.8');
        // A streamed response: how many events one response.create gives, and their rate.
        let per = 0;
        await new Promise<void>((resolve) => {
          const on = (d: WebSocket.RawData) => {
            per++;
            if (String(d).includes('"response.done"')) {
              r.off('message', on);
              resolve();
            }
          };
          r.on('message', on);
          r.send('{"type":"response.create"}');
        });
        const stream = await roundTrips(r, '{"type":"response.create"}', 200, per, 1);
        line(`realtime response stream events/s (${per} events a response)`, stream.perSec.toFixed(0));
        e.close();
        r.close();
      } finally {
        await echo.stop();
        await realtime.stop();
      }
    } finally {
      await core.cleanup();
    }
  },
};
