// The worker-thread renderer gives the very bytes of the in-thread one, and its input errors keep their code.
import { describe, expect, it } from "vitest";
import { CITIZENS } from "../src/citizens/citizens.ts";
import { renderInWorker } from "../src/delivery/lib/render-in-worker.ts";
import { SandboxError } from "../src/errors.ts";
import { renderDocumentPdf } from "../src/pdf/render-document-pdf.ts";

const citizen = CITIZENS[0] ?? (undefined as never);
const input = {
  citizen,
  document: citizen.documents[0] ?? (undefined as never),
  partnerName: "Стійка Демо Банк",
  branchName: "Відділення №1",
  requestId: "req-worker-1",
  requestedAt: new Date("2026-03-02T09:15:00Z"),
};

describe("renderInWorker", () => {
  it("renders the same PDF bytes as renderDocumentPdf, for concurrent jobs too", async () => {
    const expected = await renderDocumentPdf(input);
    const other = { ...input, document: citizen.documents[1] ?? (undefined as never) };
    const [a, b] = await Promise.all([renderInWorker(input), renderInWorker(other)]);
    expect(Buffer.from(a).equals(Buffer.from(expected))).toBe(true);
    expect(Buffer.from(b).equals(Buffer.from(await renderDocumentPdf(other)))).toBe(true);
  });

  it("a bad input fails with the renderer's SandboxError code", async () => {
    const error = await renderInWorker({ ...input, partnerName: "" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).code).toBe("VALIDATION");
  });
});
