// The contract between the VS Code client and the server beyond standard LSP.
// Plain types only: the client imports this file, and nothing else of the server.

export const SERVER_NAME = 'kube-pull-policy';
export const CONFIG_SECTION = 'kubePullPolicy';
/** The project config file shared by the CLI and the editor. */
export const CONFIG_FILE_NAME = '.kube-pull-policy.json';
/** Files whose changes the server must hear of: the config file, and the Kustomize and Helm files that give manifests their context. */
export const WATCHED_FILE_GLOBS = [`**/${CONFIG_FILE_NAME}`, '**/{kustomization.yaml,kustomization.yml,Kustomization,Chart.yaml,skaffold.yaml,skaffold.yml,Tiltfile}'] as const;

export const CODE_ACTION_KINDS = {
  /** Writes every container's current effective policy explicitly: behaviour unchanged, safe on save. */
  fixAll: 'source.fixAll.kube-pull-policy',
  /** Sets IfNotPresent on every container without a policy. */
  setIfNotPresent: 'source.kube-pull-policy.setIfNotPresent',
} as const;

/** Completion of policy values starts after `imagePullPolicy: `. */
export const COMPLETION_TRIGGER_CHARACTERS = [' '];

export const COMMANDS = {
  showEffectivePolicies: 'kubePullPolicy.showEffectivePolicies',
  restartServer: 'kubePullPolicy.restartServer',
  refreshLocalContext: 'kubePullPolicy.refreshLocalContext',
  /** Runs a LoadImageCommand in a terminal after asking; its argument, when given, is one. */
  loadImage: 'kubePullPolicy.loadImage',
} as const;

/** Server → client: the local context in use (for the status bar); sent when it changes. */
export const LOCAL_CONTEXT_NOTIFICATION = 'kubePullPolicy/localContext';

export interface LocalContextStatus {
  /** The kubectl context, '' when none could be read. */
  readonly context: string;
  /** e.g. `Docker Desktop`; undefined when the context is not a local cluster. */
  readonly cluster?: string;
  /** The local Docker Engine answered. */
  readonly docker: boolean;
}

/** Client → server: forget cached local images and the kubeconfig, and ask again. */
export const REFRESH_LOCAL_CONTEXT_REQUEST = 'kubePullPolicy/refreshLocalContext';

/**
 * `kubePullPolicy/loadImageCommands`: for the containers of a document whose image the
 * local Docker Engine holds, on a kind, k3d or minikube context, the command that loads
 * it into the cluster; the container at `position` first, one per distinct command.
 */
export const LOAD_IMAGE_COMMANDS_REQUEST = 'kubePullPolicy/loadImageCommands';

export interface LoadImageCommandsParams {
  readonly uri: string;
  readonly position?: { readonly line: number; readonly character: number };
}

export interface LoadImageCommand {
  /** `Load registry/demoapi:latest into kind cluster dev` */
  readonly title: string;
  readonly image: string;
  /** The cluster's name for its tool (`dev`) and the kubectl context (`kind-dev`). */
  readonly cluster: string;
  readonly context: string;
  /** Run as is, without a shell: `kind` with `load docker-image registry/demoapi:latest --name dev`. */
  readonly program: string;
  readonly args: readonly string[];
  /** Where to get `program`. */
  readonly install?: string;
  /** The containers it is for, e.g. `container "web" (Deployment demo)`. */
  readonly containers: readonly string[];
}

/** `kubePullPolicy/effectivePolicies`: every container of a document with its effective policy. */
export const EFFECTIVE_POLICIES_REQUEST = 'kubePullPolicy/effectivePolicies';

export interface EffectivePoliciesParams {
  readonly uri: string;
}

export interface EffectivePolicyItem {
  /** Zero-based position of the image value (or of the container map when there is no image). */
  readonly line: number;
  readonly character: number;
  /** e.g. `container "web" (Deployment demo)`. */
  readonly container: string;
  readonly image: string;
  /** `Always`, `IfNotPresent`, `Never`, or undefined when the API server rejects the object. */
  readonly policy?: string;
  readonly reason: string;
}

/**
 * Server → client, web build only: what is at these URIs (files of the workspace
 * folders, read through `vscode.workspace.fs`). The desktop server reads the disk.
 */
export const READ_FILES_REQUEST = 'kubePullPolicy/readFiles';

export interface ReadFilesParams {
  readonly uris: readonly string[];
  /** Files larger than this many bytes are answered with their size only. */
  readonly maxSize: number;
}

/** `FileType` bits of `vscode.workspace.fs` (File 1, Directory 2, SymbolicLink 64) per entry name. */
export type DirectoryListing = readonly (readonly [name: string, type: number])[];

/** One per URI, in order. */
export type ReadResult =
  | { readonly text: string; readonly size: number }
  | { readonly tooLarge: number }
  | { readonly entries: DirectoryListing }
  | { readonly error: string };

/** Where each rule is documented; diagnostics link here. */
export const RULES_DOC_URL = 'https://github.com/kube-pull-policy/kube-pull-policy/blob/main/docs/rules.md';
