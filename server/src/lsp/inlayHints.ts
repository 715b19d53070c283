// textDocument/inlayHint: the effective policy after each image whose policy is omitted.

import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import type { TextDocument } from './toProto';
import { policyHints } from '../analysis/queries';

export function inlayHintsIn(document: TextDocument, analysis: Analysis, visible: Range): InlayHint[] {
  const span = [document.offsetAt(visible.start), document.offsetAt(visible.end)] as const;
  return policyHints(analysis, span).map((hint) => ({
    position: document.positionAt(hint.offset),
    label: hint.label,
    kind: InlayHintKind.Parameter,
    tooltip: hint.tooltip,
    paddingLeft: true,
  }));
}
