// Following a server job (simulation, assignment) to its end: its server-sent events while they
// work ("progress" events, then one "done" or "failed" carrying the job), GET polling of the
// job when they do not (a proxy that buffers, a dropped connection).
import { getJob, type Job } from "./api";

export interface JobProgress {
  done: number;
  total: number;
  [key: string]: unknown;
}

export async function followJob<R>(
  links: { self: string; events: string },
  onProgress: (p: JobProgress) => void,
  signal: AbortSignal,
): Promise<Job<R>> {
  const viaEvents = await new Promise<Job<R> | null>((resolve, reject) => {
    if (typeof EventSource === "undefined") return resolve(null);
    const es = new EventSource(links.events);
    const finish = (v: Job<R> | null, err?: unknown) => {
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
        finish(JSON.parse((e as MessageEvent).data) as Job<R>);
      } catch {
        finish(null);
      }
    };
    es.addEventListener("done", final);
    es.addEventListener("failed", final);
    es.onerror = () => finish(null); // the stream broke: poll instead
  });
  let job = viaEvents;
  while (!job || job.status === "running") {
    if (job) await sleep(400, signal);
    job = await getJob<R>(links.self, signal);
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
