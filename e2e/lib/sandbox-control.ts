// The sandbox's control API (/control/api): live codes, forced expiry, consents — where the phone UI is not the point.

export interface LiveCode {
  citizenId: string;
  documentId: string;
  type: string;
  barcode: string;
  qr: string;
}

export interface Consent {
  id: string;
  status: "pending" | "approved" | "declined";
  requestId: string | null;
  deeplink: string | null;
}

async function control<T>(sandboxUrl: string, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandboxUrl}/control/api${p}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox ${method} ${p}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

type CitizensAnswer = {
  citizens: {
    id: string;
    documents: { id: string; type: string; barcode: { code: string }; qr: { link: string } }[];
  }[];
};

/** A fresh one-time code of a citizen's document, as the citizen's phone would show it now. */
export async function liveCode(
  sandboxUrl: string,
  citizenId = "olena-kovalenko",
  type = "internal-passport",
): Promise<LiveCode> {
  const { citizens } = await control<CitizensAnswer>(sandboxUrl, "GET", "/citizens");
  const doc = citizens.find((c) => c.id === citizenId)?.documents.find((d) => d.type === type);
  if (!doc) throw new Error(`${citizenId} has no ${type}`);
  const { document } = await control<{ document: CitizensAnswer["citizens"][number]["documents"][number] }>(
    sandboxUrl,
    "POST",
    `/citizens/${citizenId}/documents/${doc.id}/codes`,
  );
  return { citizenId, documentId: doc.id, type, barcode: document.barcode.code, qr: document.qr.link };
}

export async function expireCode(sandboxUrl: string, code: LiveCode): Promise<void> {
  await control(sandboxUrl, "POST", `/citizens/${code.citizenId}/documents/${code.documentId}/codes/expire`);
}

/** Waits for the pending consent of our request (the server's request id is Diia's requestId). */
export async function pendingConsent(
  sandboxUrl: string,
  requestId: string,
  timeoutMs = 15_000,
): Promise<Consent> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { consents } = await control<{ consents: Consent[] }>(
      sandboxUrl,
      "GET",
      "/consents?status=pending",
    );
    const found = consents.find((c) => c.requestId === requestId);
    if (found) return found;
    if (Date.now() > end) throw new Error(`no pending consent for request ${requestId}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function answerConsent(
  sandboxUrl: string,
  consentId: string,
  action: "approve" | "decline",
  /** Who approves a deeplink nobody has opened yet (a code's consent already names its citizen). */
  citizenId?: string,
): Promise<Consent> {
  const { consent } = await control<{ consent: Consent }>(
    sandboxUrl,
    "POST",
    `/consents/${consentId}/${action}`,
    citizenId ? { citizenId } : {},
  );
  return consent;
}
