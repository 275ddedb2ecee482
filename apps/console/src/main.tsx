import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { FEATURES } from './app/features';
import { createQueryClient } from './app/query-client';
import { createConsoleRouter } from './app/router';
import { LocaleProvider } from './i18n/LocaleProvider';
import { SessionProvider, useSessionState } from './session/SessionProvider';
import { ToastProvider } from './ui/toasts';
import './styles.css';

const queryClient = createQueryClient();
const router = createConsoleRouter(FEATURES);

/** Language and time zone follow the session (the tenant's settings arrive with the login). */
function Localised() {
  const { session } = useSessionState();
  return (
    <LocaleProvider session={session}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </LocaleProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <Localised />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
