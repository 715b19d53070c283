// The `localContext` settings object (the editor's `kubePullPolicy.localContext`, the
// CLI's config file and flag): whether the machine may be asked, and which context.

export interface LocalContextOptions {
  readonly enabled: boolean;
  /** A context to use instead of the kubeconfig's current one. */
  readonly context?: string;
}

/** `{ enabled, context }` from a `localContext` settings object; anything else is off. */
export function localContextOptionsFrom(raw: unknown): LocalContextOptions {
  const value = typeof raw === 'object' && raw !== null ? (raw as { enabled?: unknown; context?: unknown }) : {};
  const context = typeof value.context === 'string' && value.context.trim() ? value.context.trim() : undefined;
  return { enabled: value.enabled === true, ...(context ? { context } : {}) };
}
