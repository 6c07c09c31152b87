// The copy worker renders the very bytes of the in-thread renderer and keeps its error codes, and its envelopes
// open with the partner key (the full delivery tests cover them end to end).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCertificate, loadIdentity, loadKeyStore, unwrap } from "@stiika/diia";
import { describe, expect, inject, it } from "vitest";
import { CITIZENS } from "../src/citizens/citizens.ts";
import { renderInWorker, wrapInWorker } from "../src/delivery/lib/in-worker.ts";
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

describe("the copy worker", () => {
  it("renders the same PDF bytes as renderDocumentPdf, for concurrent jobs too", async () => {
    const expected = await renderDocumentPdf(input);
    const other = { ...input, document: citizen.documents[1] ?? (undefined as never) };
    const [a, b] = await Promise.all([renderInWorker(input), renderInWorker(other)]);
    expect(Buffer.from(a).equals(Buffer.from(expected))).toBe(true);
    expect(Buffer.from(b).equals(Buffer.from(await renderDocumentPdf(other)))).toBe(true);
  });

  it("a bad render input fails with the renderer's SandboxError code", async () => {
    const error = await renderInWorker({ ...input, partnerName: "" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).code).toBe("VALIDATION");
  });

  it("wraps an envelope the partner opens, signed by the sandbox Diia", async () => {
    const dir = inject("pkiDir");
    const password = readFileSync(join(dir, "password.txt"), "utf8").trim();
    const diia = await loadIdentity(dir, "diia", password);
    const partnerCert = loadCertificate(readFileSync(join(dir, "partner-kep.cer")));
    const content = new TextEncoder().encode('{"hello":"Дія"}');
    const der = await wrapInWorker({
      content,
      signer: { key: diia.signer.key, certDer: diia.signer.cert.der },
      originator: { key: diia.keyAgreement.key, certDer: diia.keyAgreement.cert.der },
      recipientCertDer: partnerCert.der,
    });
    const opened = unwrap(der, {
      keys: {
        keys: loadKeyStore(readFileSync(join(dir, "partner-kep.key")), password).keys,
        certificates: [partnerCert],
      },
      trust: [diia.signer.cert],
    });
    expect(new TextDecoder().decode(opened.content)).toBe('{"hello":"Дія"}');
  });
});
