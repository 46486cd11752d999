import { describe, expect, it } from 'vitest';
import { parseBackendParam } from './params';

describe('parseBackendParam', () => {
  it('is empty without the parameter', () => {
    expect(parseBackendParam('')).toEqual({});
    expect(parseBackendParam('?other=1')).toEqual({});
  });

  it('accepts each backend name, case-insensitively', () => {
    expect(parseBackendParam('?backend=webgpu')).toEqual({ backend: 'webgpu' });
    expect(parseBackendParam('?backend=webgl')).toEqual({ backend: 'webgl' });
    expect(parseBackendParam('?x=1&backend=wasm')).toEqual({ backend: 'wasm' });
    expect(parseBackendParam('?backend=CPU')).toEqual({ backend: 'cpu' });
  });

  it('explains an invalid value, naming the parameter and the choices', () => {
    const { backend, error } = parseBackendParam('?backend=bogus');
    expect(backend).toBeUndefined();
    expect(error).toContain('?backend=');
    expect(error).toContain('"bogus"');
    expect(error).toContain('webgpu, webgl, wasm, cpu');
    expect(parseBackendParam('?backend=').error).toContain('an empty value');
  });
});
