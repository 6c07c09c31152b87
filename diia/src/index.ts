// Public entry of @stiika/diia; each public operation lives in its own file and is re-exported here.

export * from "./barcode.ts";
export * from "./certificate.ts";
export * from "./client/index.ts";
export * from "./client/schemas.ts";
export * from "./crl.ts";
export * from "./document-types.ts";
export * from "./errors.ts";
export * from "./keys.ts";
export * from "./metadata/normalise.ts";
export * from "./metadata/parse-metadata.ts";
export * from "./metadata/read-metadata.ts";
export * from "./metadata/schemas.ts";
export * from "./ocsp.ts";
export * from "./pki.ts";
export * from "./qr.ts";
export * from "./signature.ts";
export * from "./signing.ts";
export * from "./unwrap.ts";
export * from "./wrap.ts";
