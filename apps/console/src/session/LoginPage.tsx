import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { FormattedMessage, useIntl } from 'react-intl';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { ApiError } from '../api/http';
import { homeFor } from '../app/feature';
import { FEATURES } from '../app/features';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher';
import { failureReason } from '../ui/failures';
import { FormField, formMessages, showServerErrors } from '../ui/FormField';
import { login } from './session';
import { useSessionState } from './SessionProvider';

const LoginSchema = z.object({
  email: z.string().trim().min(1, formMessages.required.id).max(320, formMessages.tooLong.id).pipe(z.email(formMessages.email.id)),
  password: z.string().min(1, formMessages.required.id).max(1024, formMessages.tooLong.id),
});
type LoginForm = z.infer<typeof LoginSchema>;

/** Only a path of this console: a crafted ?next= must not send the user to another site. */
const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : undefined);

export function LoginPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { session, signedIn } = useSessionState();
  const form = useForm<LoginForm>({ resolver: zodResolver(LoginSchema), defaultValues: { email: '', password: '' } });
  const { errors, isSubmitting } = form.formState;

  if (session) return <Navigate to={safeNext(params.get('next')) ?? homeFor(session.user.role, FEATURES) ?? '/'} replace />;

  const submit = form.handleSubmit(async ({ email, password }) => {
    try {
      const started = await login(email, password);
      signedIn(started);
      await navigate(safeNext(params.get('next')) ?? homeFor(started.user.role, FEATURES) ?? '/', { replace: true });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401)
        form.setError('root.server', { message: intl.formatMessage({ id: 'session.login.wrongCredentials' }) });
      else if (!(failure instanceof ApiError) || failure.unreachable || !showServerErrors(failure, form.setError, ['email', 'password']))
        form.setError('root.server', { message: failureReason(intl, failure) });
    }
  });

  return (
    <main className="login">
      <div className="login-language">
        <LanguageSwitcher />
      </div>
      <form
        className="login-card"
        onSubmit={(event) => void submit(event)}
        aria-label={intl.formatMessage({ id: 'session.login.title' })}
        noValidate
      >
        <div className="brand brand-large">
          <span className="brand-mark">G</span> Garda
        </div>
        <p className="muted">
          <FormattedMessage id="session.login.tagline" />
        </p>
        <FormField label={<FormattedMessage id="session.login.email" />} error={errors.email} testId="login-email-field">
          {(control) => (
            <input {...control} {...form.register('email')} data-testid="login-email" type="email" autoComplete="username" autoFocus />
          )}
        </FormField>
        <FormField label={<FormattedMessage id="session.login.password" />} error={errors.password} testId="login-password-field">
          {(control) => (
            <input
              {...control}
              {...form.register('password')}
              data-testid="login-password"
              type="password"
              autoComplete="current-password"
            />
          )}
        </FormField>
        {errors.root?.server && (
          <div className="form-error" role="alert" data-testid="login-error">
            {errors.root.server.message}
          </div>
        )}
        <button data-testid="login-submit" className="primary" type="submit" disabled={isSubmitting}>
          {isSubmitting ? <FormattedMessage id="session.login.submitting" /> : <FormattedMessage id="session.login.submit" />}
        </button>
      </form>
    </main>
  );
}
