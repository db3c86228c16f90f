import { Button, Center, Loader, Stack, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect } from "react";
import { Navigate, Outlet, useLocation, useNavigate } from "react-router";
import type { Permission } from "../../core/access/roles";
import { ApiError, api, errorMessage, onUnauthorized, setCsrfToken } from "../api/client";
import { keys } from "../api/queries";
import type { Me, SessionInfo } from "../api/types";
import { ForcedPasswordChange } from "../pages/auth/ForcedPasswordChange";
import { ForbiddenPage } from "../pages/ErrorPages";

/** The signed-in session, or null when nobody is signed in. */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const session = await api.get<SessionInfo>("/api/auth/session", { redirectOn401: false });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function useSessionQuery() {
  return useQuery({ queryKey: keys.session, queryFn: fetchSession, staleTime: Infinity, retry: false });
}

const SessionContext = createContext<SessionInfo | null>(null);

/** The session of a signed-in page (inside RequireSession). */
export function useSession(): SessionInfo {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession used outside a signed-in page");
  return session;
}

export function can(user: Me, ...anyOf: Permission[]): boolean {
  return anyOf.some((p) => user.permissions.includes(p));
}

export function useCan(...anyOf: Permission[]): boolean {
  return can(useSession().user, ...anyOf);
}

export const isCustomer = (user: Me) => user.role === "customer";

export function signInPath(location: { pathname: string; search: string }): string {
  const next = location.pathname + location.search;
  return next === "/" || next.startsWith("/sign-in") ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
}

/** Guards every page behind sign-in; a forced password change comes before anything else. */
export function RequireSession() {
  const session = useSessionQuery();
  const queryClient = useQueryClient();
  const location = useLocation();

  useEffect(() => {
    onUnauthorized(() => {
      setCsrfToken(null);
      queryClient.setQueryData(keys.session, null);
    });
    return () => onUnauthorized(null);
  }, [queryClient]);

  if (session.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (session.isError) {
    return (
      <Center h="100vh" p="md">
        <Stack align="center" gap="sm" role="alert">
          <Text fw={600}>Vigil cannot be reached</Text>
          <Text c="dimmed" size="sm">
            {errorMessage(session.error)}
          </Text>
          <Button onClick={() => session.refetch()}>Try again</Button>
        </Stack>
      </Center>
    );
  }
  if (!session.data) return <Navigate to={signInPath(location)} replace />;
  return (
    <SessionContext.Provider value={session.data}>
      {session.data.mustChangePassword ? <ForcedPasswordChange /> : <Outlet />}
    </SessionContext.Provider>
  );
}

/** Shows a page only to users holding one of the permissions. */
export function RequirePermission({ anyOf, children }: { anyOf: Permission[]; children: React.ReactNode }) {
  const { user } = useSession();
  if (!can(user, ...anyOf)) return <ForbiddenPage />;
  return <>{children}</>;
}

/** Ends the session on the server, forgets every cached answer and shows the sign-in page. */
export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await api.post("/api/auth/logout", {}, { redirectOn401: false });
    } catch {
      // the session may already have ended; signing out locally is what matters
    }
    setCsrfToken(null);
    queryClient.setQueryData(keys.session, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.session[0] });
    navigate("/sign-in", { replace: true });
  };
}
