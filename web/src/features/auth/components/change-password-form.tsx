/**
 * The forced password change after a one-time password: nothing else is reachable until it succeeds.
 *
 * @example
 * <ChangePasswordForm lang="uk" onChanged={() => navigate("/scan")} />
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ErrorAlert } from "../../../components/alert.tsx";
import { FormActions } from "../../../components/form-actions.tsx";
import { TextField } from "../../../components/text-field.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { useChangePassword } from "../api/change-password.ts";
import { authText } from "../i18n.ts";

// Error values are i18n keys, turned into text at render time.
const schema = z
  .object({
    currentPassword: z.string().min(1, "required"),
    newPassword: z.string().min(12, "tooShort"),
    repeat: z.string(),
  })
  .refine((v) => v.newPassword === v.repeat, { path: ["repeat"], message: "mismatch" });
type Values = z.infer<typeof schema>;

export function ChangePasswordForm({ lang, onChanged }: { lang: Lang; onChanged: () => void }) {
  const t = authText[lang];
  const mutation = useChangePassword();
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { currentPassword: "", newPassword: "", repeat: "" },
  });
  const { errors } = form.formState;
  const message = (key: string | undefined) =>
    key === "required" || key === "tooShort" || key === "mismatch" ? t[key] : key;

  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      data-testid="change-password-form"
      onSubmit={form.handleSubmit(({ currentPassword, newPassword }) =>
        mutation.mutate({ currentPassword, newPassword }, { onSuccess: onChanged }),
      )}
    >
      <h1 className="text-2xl font-semibold">{t.changeTitle}</h1>
      <p className="text-neutral-700">{t.changeIntro}</p>
      <TextField
        label={t.currentPassword}
        type="password"
        autoComplete="current-password"
        error={message(errors.currentPassword?.message)}
        data-testid="current-password"
        {...form.register("currentPassword")}
      />
      <TextField
        label={t.newPassword}
        type="password"
        autoComplete="new-password"
        error={message(errors.newPassword?.message)}
        data-testid="new-password"
        {...form.register("newPassword")}
      />
      <TextField
        label={t.repeatPassword}
        type="password"
        autoComplete="new-password"
        error={message(errors.repeat?.message)}
        data-testid="repeat-password"
        {...form.register("repeat")}
      />
      <ErrorAlert error={mutation.error} lang={lang} boxed />
      <FormActions
        submit={t.changeSubmit}
        pending={mutation.isPending}
        submitTestId="change-password-submit"
      />
    </form>
  );
}
