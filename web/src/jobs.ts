// Following a server job (simulation, assignment) to its end: its server-sent events while they
// work ("progress" events, then one event named after the final status — "done", "failed" or
// "cancelled" — carrying the job), GET polling of the job when they do not (a proxy that
// buffers, a dropped connection). The events' data are described in api/openapi.json.
import { getJob, type Job, type JobProgress, type JobStatus } from "./api";

export type { JobProgress };

// FINAL are the statuses after which a job does not change.
const FINAL: JobStatus[] = ["done", "failed", "cancelled"];

export async function followJob<J extends Job>(
  links: { self: string; events: string },
  onProgress: (p: JobProgress) => void,
  signal: AbortSignal,
): Promise<J> {
  const viaEvents = await new Promise<J | null>((resolve, reject) => {
    if (typeof EventSource === "undefined") return resolve(null);
    const es = new EventSource(links.events);
    const finish = (v: J | null, err?: unknown) => {
      es.close();
      signal.removeEventListener("abort", onAbort);
      if (err) reject(err);
      else resolve(v);
    };
    const onAbort = () => finish(null, new DOMException("aborted", "AbortError"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort);
    es.addEventListener("progress", (e) => {
      try {
        onProgress(JSON.parse((e as MessageEvent).data) as JobProgress);
      } catch {
        /* a malformed progress event is skipped */
      }
    });
    const final = (e: Event) => {
      try {
        finish(JSON.parse((e as MessageEvent).data) as J);
      } catch {
        finish(null);
      }
    };
    for (const status of FINAL) es.addEventListener(status, final);
    es.onerror = () => finish(null); // the stream broke: poll instead
  });
  let job = viaEvents;
  while (!job || !FINAL.includes(job.status)) {
    if (job) await sleep(400, signal);
    job = await getJob<J>(links.self, signal);
    if (job.total) onProgress({ done: job.done ?? 0, total: job.total });
  }
  return job;
}

export function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    const t = window.setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      window.clearTimeout(t);
      reject(new DOMException("aborted", "AbortError"));
    });
  });
}
