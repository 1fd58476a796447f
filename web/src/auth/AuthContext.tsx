// The signed-in user and their named permissions, loaded from GET /api/v1/me at start and replaced by
// the Session returned from login or registration. The menu and route guards read permissions only.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, request, type Schemas } from '../api/client';

export type Me = Schemas['Me'];
export type Session = Schemas['Session'];

type Status = 'loading' | 'anonymous' | 'signed_in' | 'failed';

interface AuthState {
  status: Status;
  me: Me | null;
  error: unknown;
  has: (permission: string | undefined) => boolean;
  signedIn: (session: Session) => void;
  signedOut: () => void;
  reload: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(() => {
    setStatus('loading');
    request(api.GET('/api/v1/me'), { redirectOn401: false }).then(
      (loaded) => {
        setMe(loaded);
        setStatus('signed_in');
      },
      (failure: unknown) => {
        setMe(null);
        if (failure instanceof ApiError && failure.status === 401) {
          setStatus('anonymous');
        } else {
          setError(failure);
          setStatus('failed');
        }
      },
    );
  }, []);

  useEffect(reload, [reload]);

  const value = useMemo<AuthState>(() => {
    const permissions = new Set(me?.permissions ?? []);
    return {
      status,
      me,
      error,
      has: (permission) => permission === undefined || permissions.has(permission),
      signedIn: (session) => {
        setMe({ user: session.user, permissions: session.permissions });
        setStatus('signed_in');
      },
      signedOut: () => {
        setMe(null);
        setStatus('anonymous');
      },
      reload,
    };
  }, [status, me, error, reload]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
