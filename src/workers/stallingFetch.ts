/**
 * A download that gives up when it stalls: a dataset's file is read chunk by chunk, and when no byte has come for
 * `stallMs` (no answer, or an answer that stopped) the request is aborted with an error that says so — a run waiting
 * for its data otherwise waited for ever, saying only "loading". A slow download that keeps coming is never cut.
 */
export class DownloadStalledError extends Error {}

export async function fetchBytesOrStall(url: string, { stallMs, init = {}, fetchImpl = fetch }: { stallMs: number; init?: RequestInit; fetchImpl?: typeof fetch }): Promise<{ status: number; bytes: Uint8Array | null }> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stalled = false;
  const watch = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, stallMs);
  };
  const stalledError = () => new DownloadStalledError(`the download of ${url} stalled: nothing came for ${stallMs / 1000} s (the network or the server); Run again tries once more`);
  try {
    watch();
    const response = await fetchImpl(url, { ...init, signal: controller.signal });
    if (!response.ok || !response.body) return { status: response.status, bytes: null };
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let length = 0;
    for (;;) {
      watch();
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return { status: response.status, bytes };
  } catch (error) {
    throw stalled ? stalledError() : error;
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
}
