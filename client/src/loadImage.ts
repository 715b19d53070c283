// "Kubernetes: Load Image into Local Cluster": runs the command the server built for a
// container (kind load docker-image, k3d image import, minikube image load) in a
// terminal, after a modal confirmation that shows the exact command line. The program
// is the terminal's shell and the arguments its shellArgs: no shell parses anything.
// Desktop only (the web has no local context), and never in an untrusted workspace.

import * as vscode from 'vscode';
import { COMMANDS, LOAD_IMAGE_COMMANDS_REQUEST, type LoadImageCommand, type LoadImageCommandsParams } from '../../server/src/shared/protocol';
import type { LanguageServer } from './languageServer';

/** Whether to run `command`, whose exact command line is `line`. */
export type Confirm = (command: LoadImageCommand, line: string) => Promise<boolean>;

const askUser: Confirm = async (command, line) => {
  const detail =
    `It copies ${command.image} from your local Docker images into the cluster of context ${command.context}. ` +
    `It needs ${command.program} on your PATH${command.install ? ` (${command.install})` : ''}; otherwise the terminal says that it was not found.`;
  return (await vscode.window.showWarningMessage(`Run \`${line}\` in a terminal?`, { modal: true, detail }, 'Run')) === 'Run';
};

/** The command line as shown; an argument with anything but plain characters is quoted, so what is shown is what runs. */
function shown(command: LoadImageCommand): string {
  return [command.program, ...command.args].map((part) => (/^[\w.:/@+=-]+$/.test(part) ? part : JSON.stringify(part))).join(' ');
}

function isLoadImageCommand(value: unknown): value is LoadImageCommand {
  const command = value as LoadImageCommand | undefined;
  return (
    typeof command === 'object' && command !== null &&
    typeof command.program === 'string' && command.program !== '' &&
    Array.isArray(command.args) && command.args.every((arg) => typeof arg === 'string') &&
    typeof command.image === 'string' && typeof command.context === 'string'
  );
}

/** From the palette: the active document's load commands (the one at the cursor first), picked when there are several. */
async function chooseCommand(server: LanguageServer): Promise<LoadImageCommand | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a Kubernetes manifest to load one of its images into a local cluster.');
    return undefined;
  }
  const { line, character } = editor.selection.active;
  const params: LoadImageCommandsParams = { uri: editor.document.uri.toString(), position: { line, character } };
  const commands = await server.request<LoadImageCommand[]>(LOAD_IMAGE_COMMANDS_REQUEST, params);
  if (!commands) return undefined;
  if (commands.length === 0) {
    void vscode.window.showInformationMessage(
      'No image of this file is in your local Docker images with a kind, k3d or minikube cluster as the kubectl context, so there is nothing to load. ' +
        'Check the status bar for the context in use.',
    );
    return undefined;
  }
  if (commands.length === 1) return commands[0];
  const picked = await vscode.window.showQuickPick(
    commands.map((command) => ({ label: command.title, description: shown(command), detail: command.containers.join(', '), command })),
    { placeHolder: 'Which image to load into the local cluster' },
  );
  return picked?.command;
}

export function loadImageCommand(server: LanguageServer, confirm: () => Confirm | undefined): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.loadImage, async (given?: unknown) => {
      // The program runs on this machine: not for a workspace the user has not trusted.
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Loading an image into a local cluster runs a program on this machine, so it is not available in an untrusted workspace.');
        return;
      }
      const command = isLoadImageCommand(given) ? given : await chooseCommand(server);
      if (!command) return;
      const line = shown(command);
      if (!(await (confirm() ?? askUser)(command, line))) return;
      const terminal = vscode.window.createTerminal({ name: command.title, shellPath: command.program, shellArgs: [...command.args] });
      terminal.show();
    }),
  ];
}
