// A sharing request as the server sends it (docs/api.md), with overrides per test.
import type { SharingRequest } from "../../src/features/requests/api/get-request.ts";

export function sharingRequest(over: Partial<SharingRequest> = {}): SharingRequest {
  return {
    id: "req-1",
    kind: "barcode",
    status: "waiting",
    reason: null,
    code: "2858364170864",
    deeplink: null,
    service: { id: "svc-bank", name: "Відкриття рахунку" },
    documentTypes: ["passport", "taxpayer-card"],
    createdAt: new Date(Date.now() - 10_000).toISOString(),
    expiresAt: new Date(Date.now() + 170_000).toISOString(),
    version: 1,
    documents: [],
    signing: null,
    ...over,
  };
}
