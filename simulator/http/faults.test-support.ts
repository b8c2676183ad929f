/**
 * Helpers shared by the fault and notification-mode tests (left out of the package).
 */
import type { RunningSimulator } from '../server.js';

/** Sends JSON (or nothing) to the simulator's admin API; returns status and parsed body. */
export async function adminJson(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** Polls until ok() holds, or fails after timeoutMs naming what it waited for. */
export async function waitFor(what: string, ok: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
