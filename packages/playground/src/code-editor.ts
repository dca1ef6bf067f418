import { javascript } from '@codemirror/lang-javascript';
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';

/** The environment editor: CodeMirror 6 with JavaScript highlighting; Ctrl/Cmd+Enter applies. */
export interface CodeEditor {
  readonly text: () => string;
  readonly setText: (text: string) => void;
}

export function createCodeEditor(parent: HTMLElement, onApply: () => void): CodeEditor {
  const view = new EditorView({
    parent,
    extensions: [
      basicSetup,
      javascript(),
      Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (onApply(), true) }])),
      EditorView.contentAttributes.of({ 'aria-label': 'environment code', 'data-testid': 'code' }),
    ],
  });
  return {
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
  };
}
