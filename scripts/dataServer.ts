/**
 * The data endpoint of the dev and preview servers (registered by dataServerPlugin.ts): it prepares a dataset
 * in-process with the same routine as `npm run data` (dataBuilders.ts), reports its progress as a polled status
 * JSON, and serves the prepared files from the data folder at request time — `vite build` copies public/ into
 * dist/ once, so without this the preview server would not see data written after the build. Wire format:
 * src/engine/data/prepareEndpoint.ts. Node only.
 *
 * Guards: preparing needs a POST with a JSON body (a cross-site form cannot send one without a CORS preflight)
 * whose Origin, when the browser sends one, is this server's own: Vite's CORS middleware answers the preflight for
 * localhost origins, so a page on another localhost port reaches this handler, and the Origin-vs-Host check is what
 * refuses it. It names a known problem and runs one at a time. Files are served only from inside the data folder,
 * to GET and HEAD (other methods: 405). A client that drops its upload ends the request quietly.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import { PREP_SERVICE, PREP_START_PATH, PREP_STATUS_PATH, type PrepJob, type PrepStatus } from '../src/engine/data/prepareEndpoint';
import { BUILDERS, prepareDataset, type DatasetBuilder, type Log } from './dataBuilders';

export interface DataServerOptions {
  /** The folder the browser's data come from and preparations write to. */
  dataDir: string;
  /** The app's base URL ('/' or '/sub/'). */
  base?: string;
  /** Headers added to every answer (the server's cross-origin isolation headers). */
  headers?: OutgoingHttpHeaders;
  /** Builders by problem name (tests inject fast fakes); default those of `npm run data`. */
  builders?: Record<string, DatasetBuilder>;
  seed?: number;
  log?: Log;
  now?: () => number;
}

type Next = (err?: unknown) => void;

const MAX_BODY = 1024;

export interface DataServer {
  /** Connect-style middleware: answers the endpoint and data paths, passes everything else on. */
  handle(req: IncomingMessage, res: ServerResponse, next: Next): void;
  status(): PrepStatus;
  /** Resolves when the running preparation (if any) has ended. */
  idle(): Promise<void>;
}

export function createDataServer(opts: DataServerOptions): DataServer {
  const base = (opts.base ?? '/').replace(/\/?$/, '/');
  const dataDir = resolve(opts.dataDir);
  const builders = opts.builders ?? BUILDERS;
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => {});
  let job: PrepJob | null = null;
  let running: Promise<void> = Promise.resolve();

  const status = (): PrepStatus => ({ service: PREP_SERVICE, version: 1, problems: Object.keys(builders), job: job && { ...job } });

  function send(res: ServerResponse, code: number, body: unknown, extra: Record<string, string> = {}) {
    const text = JSON.stringify(body);
    res.statusCode = code;
    for (const [k, v] of Object.entries({ ...opts.headers, ...extra })) if (v !== undefined) res.setHeader(k, v);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(text);
  }
  const fail = (res: ServerResponse, code: number, error: string, extra?: Record<string, string>) => send(res, code, { error, ...status() }, extra);

  function start(problem: string) {
    const started: PrepJob = { problem, state: 'running', stage: 'checking', label: `checking ${problem}`, fraction: 0, error: null, startedAt: now(), endedAt: null };
    job = started;
    log(`preparing ${problem} in ${dataDir}`);
    running = prepareDataset(problem, {
      dataDir,
      seed: opts.seed,
      builders,
      log: (msg) => log(`${problem}: ${msg}`),
      progress: (p) => {
        if (job === started) Object.assign(started, { stage: p.stage, label: p.label, fraction: p.fraction });
      },
    }).then(
      () => {
        Object.assign(started, { state: 'done', stage: 'done', label: `${problem} is ready`, fraction: 1, endedAt: now() });
        log(`${problem} is ready`);
      },
      (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        Object.assign(started, { state: 'failed', error: message.slice(0, 2000), endedAt: now() });
        log(`preparing ${problem} failed: ${message}`);
      },
    );
  }

  async function readBody(req: IncomingMessage): Promise<string | null> {
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return null;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handlePrepare(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'POST') return fail(res, 405, 'use POST', { Allow: 'POST' });
    const origin = req.headers.origin;
    if (origin !== undefined && req.headers.host !== undefined && origin.replace(/^https?:\/\//, '') !== req.headers.host) {
      return fail(res, 403, `requests from ${origin.slice(0, 100)} are not accepted`);
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return fail(res, 415, 'send the problem as JSON: {"problem": "..."}');
    const text = await readBody(req);
    if (text === null) return fail(res, 400, `the body is longer than ${MAX_BODY} bytes`);
    let problem: unknown;
    try {
      problem = (JSON.parse(text) as { problem?: unknown } | null)?.problem;
    } catch {
      return fail(res, 400, 'the body is not valid JSON');
    }
    if (typeof problem !== 'string' || !Object.hasOwn(builders, problem)) {
      return fail(res, 400, `unknown problem ${JSON.stringify(problem)?.slice(0, 60) ?? 'undefined'}; known: ${Object.keys(builders).join(', ')}`);
    }
    if (job?.state === 'running') return fail(res, 409, `${job.problem} is being prepared; one preparation at a time`);
    start(problem);
    send(res, 202, status());
  }

  async function serveFile(req: IncomingMessage, res: ServerResponse, relative: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'the data folder is read-only: use GET', { Allow: 'GET, HEAD' });
    let name: string;
    try {
      name = decodeURIComponent(relative);
    } catch {
      return fail(res, 400, 'bad file name');
    }
    const path = resolve(dataDir, name);
    if (name.includes('\0') || !path.startsWith(dataDir + sep)) return fail(res, 403, 'outside the data folder');
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return fail(res, 404, `${name.slice(0, 200)} is not in the data folder`);
    const modified = new Date(Math.floor(info.mtimeMs / 1000) * 1000);
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) res.setHeader(k, v);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Last-Modified', modified.toUTCString());
    const since = Date.parse(req.headers['if-modified-since'] ?? '');
    if (Number.isFinite(since) && modified.getTime() <= since) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', name.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/octet-stream');
    res.setHeader('Content-Length', info.size);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(path);
    stream.on('error', (e) => res.destroy(e));
    stream.pipe(res);
  }

  return {
    handle(req, res, next) {
      const pathname = (req.url ?? '').split('?')[0];
      if (!pathname.startsWith(base)) return next();
      const rest = pathname.slice(base.length);
      let done: Promise<void> | void;
      if (rest === PREP_STATUS_PATH) {
        done = req.method === 'GET' || req.method === 'HEAD' ? send(res, 200, status()) : fail(res, 405, 'use GET', { Allow: 'GET, HEAD' });
      } else if (rest === PREP_START_PATH) done = handlePrepare(req, res);
      else if (rest.startsWith('data/')) done = serveFile(req, res, rest.slice('data/'.length));
      else return next();
      Promise.resolve(done).catch((err: unknown) => {
        // An upload the client dropped (aborted, reset): nothing to answer and nothing to report.
        if (req.destroyed || (err as { code?: string }).code === 'ECONNRESET' || (err as Error).message === 'aborted') return void res.destroy();
        next(err);
      });
    },
    status,
    idle: () => running,
  };
}
