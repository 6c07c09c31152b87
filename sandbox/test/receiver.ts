// A plain node:http partner callback receiver for delivery tests: records every request, answers as told.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export type Received = { headers: IncomingHttpHeaders; body: Buffer; at: number };
export type Answer = { status: number; body: string } | "hang";

export type Receiver = {
  url: string;
  requests: Received[];
  /** Decides the answer to the n-th request (0-based); default 200 {"success": true}. */
  answer: (n: number) => Answer;
  close: () => Promise<void>;
};

export const OK: Answer = { status: 200, body: JSON.stringify({ success: true }) };

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: "",
    requests: [],
    answer: () => OK,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const n = receiver.requests.length;
      receiver.requests.push({ headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      const answer = receiver.answer(n);
      if (answer === "hang") return;
      res.writeHead(answer.status, { "Content-Type": "application/json" }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/diia/callback`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

/** Parses a received multipart/form-data body with the platform's own parser (undici), not ours. */
export async function formOf(request: Received): Promise<FormData> {
  const contentType = String(request.headers["content-type"]);
  return new Response(new Uint8Array(request.body), { headers: { "content-type": contentType } }).formData();
}

/** All text of a PDF as pdf.js reads it, whitespace collapsed. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
  const chunks: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) if ("str" in item) chunks.push(item.str);
  }
  await doc.destroy();
  return chunks.join(" ").replace(/\s+/g, " ");
}
