import { type ReactNode, useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';

/**
 * A dialog on the native <dialog> element: modal (focus stays inside, the page behind is inert)
 * or not (a drawer a supervisor reads beside the wallboard). Esc closes it either way. With a
 * `title` it has a header with a close button; `footer` holds its actions.
 */
export function Dialog({
  label,
  title,
  onClose,
  children,
  footer,
  modal = true,
  variant = 'centre',
  testId,
}: {
  /** What assistive technology announces (the title's text, or more). */
  label: string;
  title?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  modal?: boolean;
  variant?: 'centre' | 'drawer';
  testId?: string;
}) {
  const intl = useIntl();
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (modal) dialog.showModal();
    else dialog.show();
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    // A modal dialog hears Esc as 'cancel'; a non-modal one does not, so the page listens for it.
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && close.current();
    dialog.addEventListener('cancel', onCancel);
    if (!modal) window.addEventListener('keydown', onKey);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      window.removeEventListener('keydown', onKey);
      dialog.close();
    };
  }, [modal]);

  return (
    <dialog ref={ref} className={`dialog dialog-${variant}`} aria-label={label} data-testid={testId}>
      {title && (
        <header className="dialog-header">
          <h2 className="dialog-title">{title}</h2>
          <span className="spacer" />
          <button
            type="button"
            className="mini-button"
            onClick={onClose}
            aria-label={intl.formatMessage({ id: 'common.dialog.close' })}
            data-testid={testId ? `${testId}-close` : undefined}
          >
            ×
          </button>
        </header>
      )}
      <div className="dialog-body">{children}</div>
      {footer && <footer className="dialog-footer">{footer}</footer>}
    </dialog>
  );
}
