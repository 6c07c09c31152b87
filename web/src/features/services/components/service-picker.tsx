/**
 * Which service the next request is for. The choice is remembered on this device (a counter usually does one kind
 * of work); a remembered service that no longer exists falls back to the first one.
 *
 * @example
 * const [service, setService] = useState<Service | null>(null);
 * <ServicePicker lang="uk" onChange={setService} />
 */
import { useEffect } from "react";
import { Alert, ErrorAlert } from "../../../components/alert.tsx";
import { Select } from "../../../components/select.tsx";
import { readPref, writePref } from "../../../lib/device-prefs.ts";
import type { Lang } from "../../../lib/i18n.tsx";
import { type Service, useServices } from "../api/get-services.ts";
import { servicesText } from "../i18n.ts";

export function ServicePicker({
  lang,
  value,
  onChange,
}: {
  lang: Lang;
  value: Service | null;
  onChange: (service: Service) => void;
}) {
  const t = servicesText[lang];
  const { data: services, error, isPending } = useServices();

  useEffect(() => {
    if (!services || services.length === 0 || value) return;
    const remembered = readPref("serviceId");
    const first = services.find((s) => s.id === remembered) ?? services[0];
    if (first) onChange(first);
  }, [services, value, onChange]);

  if (isPending) return <p className="text-neutral-600">{t.loading}</p>;
  if (error) return <ErrorAlert error={error} lang={lang} className="font-medium" />;
  if (services.length === 0) return <Alert className="font-medium">{t.none}</Alert>;

  return (
    <Select
      label={t.label}
      data-testid="service-picker"
      value={value?.id ?? ""}
      onChange={(e) => {
        const next = services.find((s) => s.id === e.target.value);
        if (!next) return;
        writePref("serviceId", next.id);
        onChange(next);
      }}
      options={services.map((s) => ({
        value: s.id,
        label: s.checkOnly ? `${s.name} (${t.checkOnly})` : s.name,
      }))}
    />
  );
}
