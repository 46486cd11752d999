/**
 * The browser's side of the prepared data: which datasets the served manifest.json lists, and the data endpoint
 * of the dev/preview server (src/engine/data/prepareEndpoint.ts) that prepares a missing one. `fetch` and the
 * base URL are passed in, so the functions run in tests without a browser.
 */
import { parseManifestShell } from '../../engine/data/manifest';
import { PREP_START_PATH, PREP_STATUS_PATH, parsePrepStatus, type PrepStatus } from '../../engine/data/prepareEndpoint';

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export type ManifestRead = { state: 'ok'; datasets: string[] } | { state: 'error'; message: string };

/** The datasets listed in `<base>data/manifest.json` (a missing manifest lists none). */
export async function readManifestDatasets(fetchFn: FetchFn, base: string): Promise<ManifestRead> {
  try {
    const response = await fetchFn(`${base}data/manifest.json`, { cache: 'no-cache' });
    if (response.status === 404) return { state: 'ok', datasets: [] };
    if (!response.ok) return { state: 'error', message: `manifest.json: HTTP ${response.status}` };
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // A static host may answer a missing file with the app's index.html.
      return /^\s*</.test(text) ? { state: 'ok', datasets: [] } : { state: 'error', message: 'manifest.json is not valid JSON' };
    }
    return { state: 'ok', datasets: Object.keys(parseManifestShell(json).datasets) };
  } catch (e) {
    return { state: 'error', message: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

/** The endpoint's status, or null where there is no endpoint (a static host, an older server). */
export async function readPrepStatus(fetchFn: FetchFn, base: string): Promise<PrepStatus | null> {
  try {
    const response = await fetchFn(`${base}${PREP_STATUS_PATH}`, { cache: 'no-store' });
    if (!response.ok || !/json/.test(response.headers.get('content-type') ?? '')) return null;
    return parsePrepStatus(await response.json());
  } catch {
    return null;
  }
}

export type PrepRequest = { ok: true; status: PrepStatus } | { ok: false; error: string; status: PrepStatus | null };

/** Asks the endpoint to prepare `problem`. A 409 (already preparing) comes back with the status to follow. */
export async function requestPreparation(fetchFn: FetchFn, base: string, problem: string): Promise<PrepRequest> {
  let response: Response;
  try {
    response = await fetchFn(`${base}${PREP_START_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ problem }),
    });
  } catch (e) {
    return { ok: false, error: `the server did not answer (${e instanceof Error ? e.message : String(e)})`, status: null };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: no endpoint here
  }
  const status = parsePrepStatus(body);
  if (response.status === 202 && status) return { ok: true, status };
  const said = typeof (body as { error?: unknown } | null)?.error === 'string' ? (body as { error: string }).error : null;
  if (!status) return { ok: false, error: `this server cannot prepare data (HTTP ${response.status})`, status: null };
  return { ok: false, error: said ?? `HTTP ${response.status}`, status };
}
