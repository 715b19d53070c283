// textDocument/hover on an image value or an imagePullPolicy entry.

import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { imageHover, policyHover } from '../analysis/explain';
import { targetAt } from '../analysis/queries';
import { range, type TextDocument } from './toProto';

export function hoverAt(document: TextDocument, analysis: Analysis, position: Position): Hover | null {
  const target = targetAt(analysis, document.offsetAt(position));
  if (!target) return null;
  const { site, effective } = target.site;
  const value = target.on === 'image' ? imageHover(site, effective, target.context) : policyHover(site, effective);
  return { contents: { kind: MarkupKind.Markdown, value }, range: range(document, target.span) };
}
