/**
 * A panel that cannot be drawn (a record this version misreads, a bug) shows why, in its place; the rest of the page
 * keeps working. Without it one render error blanks the whole app. "Try again" draws it anew (after the data changed).
 */
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class PanelBoundary extends Component<{ name: string; children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="panel panel-error" role="alert" data-testid="panel-error">
        <p>
          {this.props.name} could not be drawn: {error.message.slice(0, 300)}
        </p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </section>
    );
  }
}
