/** "SVG" and "PNG" buttons that save a chart as a file (figureFile.ts). */
import { useState } from 'react';
import { downloadFile } from '../exchange/download';
import { pngOf, standaloneSvg } from './figureFile';

/** `what`: the figure, as its buttons' names say it ("the Pareto front"): a page has several "SVG" buttons. */
export function FigureDownload({ target, name, what }: { target: () => SVGSVGElement | null; name: string; what: string }) {
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
      <button type="button" onClick={() => void save('svg')} aria-label={`Save ${what} as SVG`} data-testid={`${name}-svg`}>
        SVG
      </button>{' '}
      <button type="button" onClick={() => void save('png')} aria-label={`Save ${what} as PNG`} data-testid={`${name}-png`}>
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
