// The document types a request asks for, by their names for people.
import { documentTypeTitle } from "@stiika/diia/document-types";
import type { Lang } from "../../../lib/i18n.tsx";
import { requestsText } from "../i18n.ts";

export function requestedTitle(type: string, lang: Lang): string {
  if (type === "passport") return requestsText[lang].passportScope;
  return documentTypeTitle(type, lang);
}

export function RequestedDocuments({ types, lang }: { types: string[]; lang: Lang }) {
  return (
    <ul className="flex flex-wrap gap-2" data-testid="requested-documents">
      {types.map((type) => (
        <li key={type} className="rounded-full bg-neutral-100 px-3 py-1 text-base text-neutral-800">
          {requestedTitle(type, lang)}
        </li>
      ))}
    </ul>
  );
}
