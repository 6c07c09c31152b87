/**
 * The sign-in form. With `fixedLogin` it is the lock screen's re-login: only the password is asked.
 *
 * @example
 * <LoginForm lang="uk" onSignedIn={(session) => navigate(session.employee.mustChangePassword ? "/password" : "/scan")} />
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Alert } from "../../../components/alert.tsx";
import { Button } from "../../../components/button.tsx";
import { TextField } from "../../../components/text-field.tsx";
import { errorText } from "../../../lib/error-text.ts";
import type { Lang } from "../../../lib/i18n.tsx";
import type { Session } from "../api/get-me.ts";
import { type LoginInput, loginInput, useLogin } from "../api/login.ts";
import { authText } from "../i18n.ts";

export function LoginForm({
  lang,
  fixedLogin,
  submitLabel,
  onSignedIn,
}: {
  lang: Lang;
  fixedLogin?: string;
  submitLabel?: string;
  onSignedIn: (session: Session) => void;
}) {
  const t = authText[lang];
  const mutation = useLogin();
  const form = useForm<LoginInput>({
    resolver: zodResolver(loginInput),
    defaultValues: { login: fixedLogin ?? "", password: "" },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit((input) =>
    mutation.mutate(input, {
      onSuccess: onSignedIn,
      onError: () => form.resetField("password"),
    }),
  );
  const failure = mutation.error ? errorText(mutation.error, lang) : null;

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" data-testid="login-form">
      {fixedLogin === undefined && (
        <TextField
          label={t.loginLabel}
          autoComplete="username"
          autoCapitalize="none"
          error={errors.login && t.required}
          data-testid="login-username"
          {...form.register("login")}
        />
      )}
      <TextField
        label={t.passwordLabel}
        type="password"
        autoComplete="current-password"
        autoFocus={fixedLogin !== undefined}
        error={errors.password && t.required}
        data-testid="login-password"
        {...form.register("password")}
      />
      {failure && (
        <Alert boxed data-testid="login-error">
          {failure}
        </Alert>
      )}
      <Button variant="primary" type="submit" disabled={mutation.isPending} data-testid="login-submit">
        {mutation.isPending ? t.loggingIn : (submitLabel ?? t.loginSubmit)}
      </Button>
    </form>
  );
}
