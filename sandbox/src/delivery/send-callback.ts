// One POST of a delivery to the partner's callback: multipart/form-data as spec §4 (file parts are base64 text
// with type application/octet-stream), `X-Document-Request-Trace-Id` = the partner's requestId.
import { performance } from "node:perf_hooks";

export type CallbackPart = { name: string; value: string; fileName?: string };

export type AttemptResult = { status: number | null; ok: boolean; ms: number; error: string | null };

export async function sendCallback(input: {
  url: string;
  requestId: string;
  parts: readonly CallbackPart[];
  timeoutMs: number;
  signal: AbortSignal;
}): Promise<AttemptResult> {
  const form = new FormData();
  for (const part of input.parts) {
    if (part.fileName === undefined) form.append(part.name, part.value);
    else form.append(part.name, new Blob([part.value], { type: "application/octet-stream" }), part.fileName);
  }
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(input.url, {
      method: "POST",
      body: form,
      headers: { "X-Document-Request-Trace-Id": input.requestId },
      signal: AbortSignal.any([input.signal, AbortSignal.timeout(input.timeoutMs)]),
    });
    const text = await response.text();
    const ms = elapsed();
    if (response.status !== 200) {
      return { status: response.status, ok: false, ms, error: `partner answered HTTP ${response.status}` };
    }
    let success: unknown;
    try {
      success = (JSON.parse(text) as { success?: unknown }).success;
    } catch {
      success = undefined;
    }
    if (success !== true)
      return { status: 200, ok: false, ms, error: 'partner did not answer {"success": true}' };
    return { status: 200, ok: true, ms, error: null };
  } catch (error) {
    const name = (error as Error).name;
    const reason =
      name === "TimeoutError"
        ? `no answer within ${input.timeoutMs} ms`
        : name === "AbortError"
          ? "sandbox stopped"
          : `connection failed (${((error as Error).cause as NodeJS.ErrnoException | undefined)?.code ?? name})`;
    return { status: null, ok: false, ms: elapsed(), error: reason };
  }
}
