/**
 * A dataset download that stalls gives up with a message instead of leaving its run "loading" for ever; a slow one
 * that keeps coming is read whole. Against a real local HTTP server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadStalledError, fetchBytesOrStall } from './stallingFetch';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow') {
      // 5 chunks, 60 ms apart: slower than no download, never quiet for the 200 ms stall limit.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let sent = 0;
      const tick = setInterval(() => {
        res.write(Buffer.from([sent, sent, sent]));
        if (++sent === 5) {
          clearInterval(tick);
          res.end();
        }
      }, 60);
    } else if (req.url === '/stops') {
      // Headers and a first chunk, then nothing.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.from([1, 2, 3]));
    } else if (req.url === '/silent') {
      // Not even headers.
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('a download that may stall', () => {
  it('reads a slow download whole', async () => {
    const { status, bytes } = await fetchBytesOrStall(`${base}/slow`, { stallMs: 200 });
    expect(status).toBe(200);
    expect(Array.from(bytes!)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
  });

  it('gives up, saying so, when the bytes stop coming or never start', async () => {
    for (const path of ['/stops', '/silent']) {
      const read = fetchBytesOrStall(`${base}${path}`, { stallMs: 200 });
      await expect(read).rejects.toBeInstanceOf(DownloadStalledError);
      await expect(read).rejects.toThrow(`the download of ${base}${path} stalled: nothing came for 0.2 s`);
    }
  });

  it('answers a missing file with its status', async () => {
    expect(await fetchBytesOrStall(`${base}/nothing`, { stallMs: 200 })).toEqual({ status: 404, bytes: null });
  });
});
