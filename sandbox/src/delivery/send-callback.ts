// One POST of a delivery to the partner's callback: multipart/form-data as spec §4 (file parts are base64 text
// with type application/octet-stream), `X-Document-Request-Trace-Id` = the partner's requestId. Signing callbacks
// (spec §7) may instead go as multipart/mixed, whose sections carry `Content-Disposition: form-data; name=…`
// (what the SDK receivers parse).
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";

export type CallbackPart = { name: string; value: string; fileName?: string };
export type CallbackForm = "form-data" | "mixed";

/** A multipart/mixed body of text fields, each section named as a form field. */
export function mixedBody(parts: readonly CallbackPart[]): { body: string; contentType: string } {
  const boundary = `----DiiaSandbox${randomBytes(12).toString("hex")}`;
  const sections = parts.map(
    (p) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${p.value}\r\n`,
  );
  return {
    body: `${sections.join("")}--${boundary}--\r\n`,
    contentType: `multipart/mixed; boundary=${boundary}`,
  };
}

export type AttemptResult = { status: number | null; ok: boolean; ms: number; error: string | null };

export async function sendCallback(input: {
  url: string;
  requestId: string;
  parts: readonly CallbackPart[];
  /** Default form-data. */
  form?: CallbackForm;
  /** More headers (a signing callback's `X-Diia-Id-Action`). */
  headers?: Readonly<Record<string, string>>;
  timeoutMs: number;
  signal: AbortSignal;
}): Promise<AttemptResult> {
  let body: FormData | string;
  const headers: Record<string, string> = {
    ...input.headers,
    "X-Document-Request-Trace-Id": input.requestId,
  };
  if (input.form === "mixed") {
    const mixed = mixedBody(input.parts);
    body = mixed.body;
    headers["Content-Type"] = mixed.contentType;
  } else {
    const form = new FormData();
    for (const part of input.parts) {
      if (part.fileName === undefined) form.append(part.name, part.value);
      else
        form.append(part.name, new Blob([part.value], { type: "application/octet-stream" }), part.fileName);
    }
    body = form;
  }
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(input.url, {
      method: "POST",
      body,
      headers,
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
