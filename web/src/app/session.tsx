import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { lastApiRequestAt, onSessionLost, setCsrfToken } from '../api/client.ts';
import { api, type SessionInfo } from '../api/common.ts';
import { setLiveEnabled } from '../lib/live.ts';
import { navigate } from './router.ts';

export const ANONYMOUS: SessionInfo = {
  authenticated: false,
  stage: null,
  csrfToken: null,
  principal: null,
  permissions: [],
  mfa: { required: false, totp: false, passkeys: 0, recoveryCodesLeft: 0 },
  idleTimeoutSeconds: null,
};

/** Why the user is on the login page, if not by choice. */
export type LoginNotice = 'expired' | 'loggedOut' | null;

interface SessionState {
  /** null until GET /session answered once. */
  info: SessionInfo | null;
  /** Loads GET /session again (after login steps, enrolment, password change). */
  refresh: () => Promise<SessionInfo>;
  logout: () => Promise<void>;
  can: (permission: string) => boolean;
  notice: LoginNotice;
  setNotice: (n: LoginNotice) => void;
}

const SessionContext = createContext<SessionState | null>(null);

// The page a signed-out user asked for: shown after login.
let afterLogin: string | null = null;
export function rememberAfterLogin(path: string): void {
  afterLogin = path;
}
export function takeAfterLogin(): string {
  const p = afterLogin ?? '/';
  afterLogin = null;
  return p;
}

/** The SPA's view of the session. The server decides everything; this only mirrors it. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<SessionInfo | null>(null);
  const [notice, setNotice] = useState<LoginNotice>(null);
  const infoRef = useRef<SessionInfo | null>(null);
  infoRef.current = info;
  // live updates (lib/live.ts) only with a full session: without one the stream is refused
  const signedIn = info?.stage === 'full';
  useEffect(() => setLiveEnabled(signedIn), [signedIn]);

  const refresh = useCallback(async () => {
    const { data } = await api.GET('/api/v1/session');
    const next = data ?? ANONYMOUS;
    setCsrfToken(next.csrfToken);
    setInfo(next);
    return next;
  }, []);

  useEffect(() => {
    void refresh().catch(() => setInfo(ANONYMOUS));
    onSessionLost(() => {
      // A 401 from any call: the session ended (idle or absolute timeout, revoked, user deleted).
      const had = infoRef.current?.stage != null;
      setCsrfToken(null);
      setInfo(ANONYMOUS);
      if (had) setNotice('expired');
      if (window.location.pathname !== '/login') {
        rememberAfterLogin(window.location.pathname + window.location.search);
        navigate('/login', { replace: true });
      }
    });
    return () => onSessionLost(null);
  }, [refresh]);

  // The server ends an idle session; check once the idle time has passed without any request.
  const idle = info?.stage ? info.idleTimeoutSeconds : null;
  useEffect(() => {
    if (!idle) return;
    const id = setInterval(() => {
      if (Date.now() - lastApiRequestAt() > idle * 1000 + 5000) {
        void refresh().then((s) => {
          if (!s.stage) {
            setNotice('expired');
            if (window.location.pathname !== '/login') {
              rememberAfterLogin(window.location.pathname + window.location.search);
              navigate('/login', { replace: true });
            }
          }
        });
      }
    }, 15_000);
    return () => clearInterval(id);
  }, [idle, refresh]);

  const logout = useCallback(async () => {
    try {
      await api.POST('/api/v1/auth/logout');
    } finally {
      setCsrfToken(null);
      setInfo(ANONYMOUS);
      setNotice('loggedOut');
      navigate('/login');
    }
  }, []);

  const value = useMemo<SessionState>(
    () => ({
      info,
      refresh,
      logout,
      can: (p) => info?.permissions.includes(p) ?? false,
      notice,
      setNotice,
    }),
    [info, refresh, logout, notice],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in principal; only for pages behind login. */
export function usePrincipal() {
  const { info } = useSession();
  if (!info?.principal) throw new Error('usePrincipal without a session');
  return info.principal;
}
