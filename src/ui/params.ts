import { BACKEND_NAMES, isBackendName, type BackendName } from '../workers/protocol';

export interface BackendParam {
  /** The backend to force, when the URL names a valid one. */
  backend?: BackendName;
  /** A message for the user when `?backend=` is present but not usable. */
  error?: string;
}

/** Reads `?backend=webgpu|webgl|wasm|cpu` from a query string (`location.search`). */
export function parseBackendParam(search: string): BackendParam {
  const params = new URLSearchParams(search);
  if (!params.has('backend')) return {};
  const raw = params.get('backend') ?? '';
  const value = raw.trim().toLowerCase();
  if (isBackendName(value)) return { backend: value };
  const shown = raw.trim() === '' ? 'an empty value' : `"${raw}"`;
  return {
    error:
      `URL parameter ?backend= has ${shown}; expected one of ${BACKEND_NAMES.join(', ')}. ` +
      'Using the automatic backend choice instead.',
  };
}
