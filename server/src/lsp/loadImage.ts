// The load commands of a document's containers (analysis/queries.ts imageLoads) as the
// client runs them: a code action on the containers in a range, and the list the
// "Load Image into Local Cluster" command asks for.

import { CodeActionKind, type CodeAction, type Position } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { installHint } from '../analysis/localContext';
import { imageLoads, type ImageLoad } from '../analysis/queries';
import type { Span } from '../analysis/types';
import { COMMANDS, type LoadImageCommand } from '../shared/protocol';
import type { TextDocument } from './toProto';

function toCommand(load: ImageLoad): LoadImageCommand {
  const install = installHint(load.cluster);
  return {
    title: load.title,
    image: load.image,
    cluster: load.cluster.name ?? '',
    context: load.context,
    program: load.command.program,
    args: [...load.command.args],
    ...(install ? { install } : {}),
    containers: load.containers,
  };
}

const touches = (span: Span, range: Span) => span[0] <= range[1] && range[0] <= span[1];

/** One action per load command of a container the range touches; it runs the client's command, which asks first. */
export function loadImageActions(analysis: Analysis, range: Span): CodeAction[] {
  return imageLoads(analysis)
    .filter((load) => load.spans.some((span) => touches(span, range)))
    .map((load) => {
      const title = `${load.title}…`;
      return { title, kind: CodeActionKind.QuickFix, command: { title, command: COMMANDS.loadImage, arguments: [toCommand(load)] } };
    });
}

/** Every load command of the document; the one for the container at `position` first. */
export function loadImageCommands(document: TextDocument, analysis: Analysis, position?: Position): LoadImageCommand[] {
  const loads = imageLoads(analysis);
  if (position) {
    const offset = document.offsetAt(position);
    const here = loads.findIndex((load) => load.spans.some((span) => touches(span, [offset, offset])));
    if (here > 0) loads.unshift(...loads.splice(here, 1));
  }
  return loads.map(toCommand);
}
