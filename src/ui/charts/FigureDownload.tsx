/** "SVG" and "PNG" buttons that save a chart as a file (figureFile.ts). */
import { useState } from 'react';
import { downloadFile } from '../exchange/download';
import { pngOf, standaloneSvg } from './figureFile';

export function FigureDownload({ target, name }: { target: () => SVGSVGElement | null; name: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (kind: 'svg' | 'png') => {
    const svg = target();
    if (!svg) return;
    try {
      setProblem(null);
      if (kind === 'svg') downloadFile(`${name}.svg`, standaloneSvg(svg), 'image/svg+xml');
      else downloadFile(`${name}.png`, await pngOf(svg), 'image/png');
    } catch (err) {
      setProblem(`The ${kind.toUpperCase()} could not be made: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <span className="figure-download">
      Save figure{' '}
      <button type="button" onClick={() => void save('svg')} data-testid={`${name}-svg`}>
        SVG
      </button>{' '}
      <button type="button" onClick={() => void save('png')} data-testid={`${name}-png`}>
        PNG
      </button>
      {problem && (
        <span className="figure-download-problem" role="alert">
          {' '}
          {problem}
        </span>
      )}
    </span>
  );
}
