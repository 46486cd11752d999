/** "What the numbers mean": the glossary and the chosen method's formula, folded until asked for. */
import { METHOD_LABELS, METHOD_NAMES, type MethodName } from '../../experiment/choices';
import { METHOD_FORMULAS, TERMS } from './glossary';

export function Glossary({ method }: { method: MethodName }) {
  return (
    <details className="panel glossary" data-testid="glossary">
      <summary>
        <h2>What the numbers mean</h2>
      </summary>
      <dl>
        {TERMS.map(({ term, meaning }) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
      <h3>The method: {METHOD_LABELS[method]}</h3>
      <p className="formula" data-testid="method-formula">
        {METHOD_FORMULAS[method]}
      </p>
      <details>
        <summary>The other methods</summary>
        <dl>
          {METHOD_NAMES.filter((m) => m !== method).map((m) => (
            <div key={m}>
              <dt>{METHOD_LABELS[m]}</dt>
              <dd>{METHOD_FORMULAS[m]}</dd>
            </div>
          ))}
        </dl>
      </details>
    </details>
  );
}
