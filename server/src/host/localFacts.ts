// Gathers the local facts (analysis/localContext.ts) for a set of image references:
// the kubectl context, and, only when it is a local cluster, what the local Docker
// Engine holds. Never throws: a failure leaves the rule silent and is told once
// through `log`. Results are cached per reference for a short while.

import type { LocalFacts, LocalImage } from '../analysis/localContext';
import { DockerEngine, dockerSocket, inBatches } from './docker';
import { kubeconfigFiles, readKubeContext } from './kubeconfig';
import { classifyContext } from './localCluster';
import type { LocalContextOptions } from '../config/localContextOptions';

const CACHE_MS = 30_000;
/** At most this many image queries in flight. */
const IN_FLIGHT = 4;

export class LocalProbe {
  private cache = new Map<string, { image: LocalImage; at: number }>();
  private lastError = '';

  constructor(
    private readonly log: (message: string) => void,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Forget cached answers (the refresh command). */
  clear(): void {
    this.cache.clear();
  }

  async gather(options: LocalContextOptions, references: readonly string[]): Promise<LocalFacts> {
    const now = Date.now();
    const kube = readKubeContext(kubeconfigFiles(this.env), options.context);
    if ('error' in kube) {
      this.tell(`local context: ${kube.error}`);
      return { context: '', docker: false, images: {}, now };
    }
    const cluster = classifyContext(kube);
    const base = { context: kube.context, ...(cluster ? { cluster } : {}), now };
    // A cloud cluster never runs local images: Docker is not asked.
    if (!cluster) return { ...base, docker: false, images: {} };
    const socket = dockerSocket(this.env);
    if (typeof socket !== 'string') {
      this.tell(`local context: ${socket.error}`);
      return { ...base, docker: false, images: {} };
    }
    const engine = new DockerEngine(socket);
    const images: Record<string, LocalImage> = {};
    const wanted = [...new Set(references)].filter((reference) => {
      const cached = this.cache.get(reference);
      if (cached && now - cached.at < CACHE_MS) images[reference] = cached.image;
      return !images[reference];
    });
    try {
      await engine.ping();
      await inBatches(wanted, IN_FLIGHT, async (reference) => {
        const image = await engine.inspect(reference);
        this.cache.set(reference, { image, at: now });
        images[reference] = image;
      });
    } catch (error) {
      this.tell(`local context: the Docker Engine at ${socket} did not answer usefully (${error instanceof Error ? error.message : String(error)})`);
      return { ...base, docker: false, images: {} };
    }
    this.lastError = '';
    return { ...base, docker: true, images };
  }

  /** Each distinct failure once, not on every validation. */
  private tell(message: string): void {
    if (message === this.lastError) return;
    this.lastError = message;
    this.log(message);
  }
}
