import { BACKEND_REQUESTS, isBackendRequest, setBackend, type BackendRequest } from '../backend/registry.js';
import type { Backend } from '../backend/backend.js';
import { formatUsage, type CommandSpec } from './args.js';
import { UsageError, type CliIO } from './io.js';

/** ANCF_BACKEND from the CLI's environment: cpu when unset; anything else but gpu / auto is a usage error. */
export function backendRequest(env: CliIO['env'], spec: CommandSpec): BackendRequest {
  const raw = env.ANCF_BACKEND;
  if (raw === undefined || raw.trim() === '') return 'cpu';
  const v = raw.trim().toLowerCase();
  if (!isBackendRequest(v)) throw new UsageError(`ANCF_BACKEND must be one of ${BACKEND_REQUESTS.join(', ')}; got ${JSON.stringify(raw)}`, formatUsage(spec));
  return v;
}

/**
 * Starts the backend ANCF_BACKEND asks for, before a command computes anything.
 * This is `initBackend()` reading the CLI's injected environment (io.env, which
 * main.ts sets to process.env) instead of process.env, so in-process callers and
 * tests choose the backend the same way the shell does. The GPU start is
 * asynchronous (gpu.js loads on demand); its notes (modes skipped, mode chosen) go
 * to stderr. A GPU that cannot start throws BackendUnavailableError: exit 1, one line.
 */
export async function startBackend(io: CliIO, spec: CommandSpec): Promise<Backend> {
  const request = backendRequest(io.env, spec);
  return setBackend(request, { log: (m) => io.stderr.write(`${m}\n`) });
}
